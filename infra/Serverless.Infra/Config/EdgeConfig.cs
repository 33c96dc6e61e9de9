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

    public WafConfig Waf { get; init; } = new();

    public LocaleConfig Locales { get; init; } = new();

    /// <summary>A custom domain with a certificate; without one, the distribution's *.cloudfront.net name
    /// and CloudFront's default certificate (which cannot enforce a minimum TLS version).</summary>
    public EdgeDomainConfig? Domain { get; init; }

    /// <summary>
    /// The origin-verify secret's version CloudFront sends. CloudFormation resolves the secret only when
    /// the template changes, so a rotation names the new version here and deploys the edge stack
    /// (docs/deploy.md, "Edge security"). Null: the version current at the first deploy.
    /// </summary>
    public string? OriginVerifyVersionId { get; init; }
}
