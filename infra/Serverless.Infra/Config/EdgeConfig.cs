namespace Serverless.Infra.Config;

public sealed record EdgeConfig
{
    /// <summary>"PriceClass_100" (North America, Europe), "PriceClass_200" (adds Asia) or "PriceClass_All".</summary>
    public string PriceClass { get; init; } = "PriceClass_200";

    /// <summary>Upper bound on how long the edge keeps public content, whatever the origin says.</summary>
    public int MaxTtlSeconds { get; init; } = 86_400;

    public int LogRetentionDays { get; init; } = 90;

    /// <summary>
    /// A latency-routed origin name (one API Gateway custom domain per region behind Route 53 latency
    /// records). Without it CloudFront cannot pick the nearest region and reads go to the primary.
    /// </summary>
    public OriginDomainConfig? ReadOrigin { get; init; }

    /// <summary>
    /// The distribution's public host name (an alternate domain name with a us-east-1 certificate),
    /// e.g. "api.example.com": what clients are given, and where secondaries redirect writes to.
    /// </summary>
    public string? DomainName { get; init; }
}
