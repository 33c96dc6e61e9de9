namespace Serverless.Api.Platform.Caching;

/// <summary>How long a Redis call may take before the API stops waiting and goes without it.</summary>
public sealed class RedisResilienceOptions
{
    public const string Section = "Redis:Resilience";

    /// <summary>A cache answer slower than this is worth less than asking the database: milliseconds.</summary>
    public int TimeoutMs { get; set; } = 50;

    /// <summary>Once the breaker opens, Redis is not tried at all for this long (seconds).</summary>
    public int BreakSeconds { get; set; } = 5;

    /// <summary>The breaker opens when at least this share of calls failed in the sampling window…</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>…and at least this many calls were made in it (a real outage under traffic reaches this in
    /// milliseconds; a few slow calls while a cold process warms up should not open it).</summary>
    public int MinimumThroughput { get; set; } = 10;
}
