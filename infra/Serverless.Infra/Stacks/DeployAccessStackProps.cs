using Amazon.CDK;
using Serverless.Infra.Config;

namespace Serverless.Infra.Stacks;

public sealed class DeployAccessStackProps : StackProps
{
    public required PlatformConfig Config { get; init; }
    public required GitHubConfig GitHub { get; init; }
}
