using Amazon.CDK.AWS.CertificateManager;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed record ContentDistributionProps
{
    public required PlatformConfig Config { get; init; }
    public required string PrimaryApiDomain { get; init; }
    public required IReadOnlyList<string> SecondaryApiDomains { get; init; }

    /// <summary>The WAF web ACL (scope CLOUDFRONT, in us-east-1).</summary>
    public required string WebAclArn { get; init; }

    /// <summary>For the custom domain (edge.domain), from ACM in us-east-1; null without one.</summary>
    public ICertificate? Certificate { get; init; }

    /// <summary>The Secrets Manager secret, in this stack's region, whose "secret" field is the origin-verify value.</summary>
    public required string OriginVerifySecretName { get; init; }
}
