namespace Serverless.Api.Platform.RateLimits;

/// <summary>
/// Requests a tenant may make per window, by tier (<c>RateLimits:Tiers:&lt;tier&gt;:Requests</c>), counted
/// for API keys and people's tokens alike. A tier not configured gets <see cref="DefaultRequests"/>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public int WindowSeconds { get; set; } = 60;

    public int DefaultRequests { get; set; } = 600;

    public Dictionary<string, TierLimit> Tiers { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["free"] = new() { Requests = 60 },
        ["standard"] = new() { Requests = 600 },
        ["premium"] = new() { Requests = 6000 },
    };

    public int RequestsFor(string tier) => Tiers.TryGetValue(tier, out var limit) ? limit.Requests : DefaultRequests;
}

public sealed class TierLimit
{
    public int Requests { get; set; }
}
