using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.IAM;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed class EdgeInvalidationProps
{
    public required PlatformConfig Config { get; init; }
    public required Distribution Distribution { get; init; }
    public required IRole InvalidatorRole { get; init; }
}
