using Amazon.CDK;
using Serverless.Infra.Config;

namespace Serverless.Infra.Stacks;

public sealed class EdgeSecurityStackProps : StackProps
{
    public required PlatformConfig Config { get; init; }
}
