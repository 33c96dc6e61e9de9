using Amazon.CDK;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.RDS;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed record ReplicaDatabaseProps
{
    public required PlatformConfig Config { get; init; }
    public required Network Network { get; init; }

    /// <summary>This region's key: a cross-region replica cannot use the primary region's key.</summary>
    public required IKey Key { get; init; }

    /// <summary>The primary in another region; only its ARN crosses over (a cross-region reference).</summary>
    public required IDatabaseInstance Source { get; init; }

    public required RemovalPolicy RemovalPolicy { get; init; }
}
