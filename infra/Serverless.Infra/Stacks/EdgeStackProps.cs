using Amazon.CDK;
using Serverless.Infra.Config;

namespace Serverless.Infra.Stacks;

public sealed class EdgeStackProps : StackProps
{
    public required PlatformConfig Config { get; init; }

    /// <summary>The primary region's execute-api host: every write and every tenant call goes there.</summary>
    public required string PrimaryApiDomain { get; init; }

    /// <summary>The secondaries' execute-api hosts, in configuration order (cross-region references).</summary>
    public required IReadOnlyList<string> SecondaryApiDomains { get; init; }

    /// <summary>The web ACL and certificate, which CloudFront takes only from us-east-1.</summary>
    public required EdgeSecurityStack Security { get; init; }

    /// <summary>The primary API function's role: it invalidates the distribution when content is published.</summary>
    public required Amazon.CDK.AWS.IAM.IRole InvalidatorRole { get; init; }
}
