namespace Serverless.Api.Auth;

public sealed class ApiKeyOptions
{
    public const string Section = "ApiKeys";

    /// <summary>How long a successful check is reused; once a database answers, a revoked key stops working within this time.</summary>
    public int CacheSeconds { get; set; } = 20;

    /// <summary>How long an unknown key is remembered as unknown.</summary>
    public int NegativeCacheSeconds { get; set; } = 5;

    /// <summary>
    /// How long a key that was verified keeps working while no database answers its re-check (both the
    /// replica and the primary down). 0 turns the stale window off: then an outage refuses every key
    /// once its <see cref="CacheSeconds"/> have passed (503).
    /// </summary>
    public int StaleSeconds { get; set; } = 300;
}
