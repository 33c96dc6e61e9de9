using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed record JobProcessingProps
{
    public required PlatformConfig Config { get; init; }
    public required Network Network { get; init; }
    public required IKey Key { get; init; }
    public required ITopic AlarmTopic { get; init; }
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
}
