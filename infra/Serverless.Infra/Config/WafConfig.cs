namespace Serverless.Infra.Config;

/// <summary>
/// The edge firewall's per-IP limits. WAF counts requests per client IP over a sliding five-minute
/// window and blocks an address while it is above the limit.
/// </summary>
public sealed record WafConfig
{
    /// <summary>Requests per IP per five minutes, any path.</summary>
    public int RateLimitPer5Minutes { get; init; } = 2000;

    /// <summary>Requests per IP per five minutes under /public/: anonymous traffic gets the tighter limit.</summary>
    public int PublicRateLimitPer5Minutes { get; init; } = 600;
}
