namespace Serverless.Api.Auth;

public sealed class ApiKeyOptions
{
    public const string Section = "ApiKeys";

    /// <summary>How long a successful check is reused; a revoked key stops working within this time.</summary>
    public int CacheSeconds { get; set; } = 20;

    /// <summary>How long an unknown key is remembered as unknown.</summary>
    public int NegativeCacheSeconds { get; set; } = 5;
}
