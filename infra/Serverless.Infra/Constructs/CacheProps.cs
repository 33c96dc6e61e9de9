using Amazon.CDK;
using Amazon.CDK.AWS.KMS;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed record CacheProps
{
    public required PlatformConfig Config { get; init; }
    public required Network Network { get; init; }
    public required IKey Key { get; init; }
    public required RemovalPolicy RemovalPolicy { get; init; }
}
