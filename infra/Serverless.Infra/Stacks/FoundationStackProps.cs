using Amazon.CDK;
using Serverless.Infra.Config;

namespace Serverless.Infra.Stacks;

public sealed class FoundationStackProps : StackProps
{
    public required PlatformConfig Config { get; init; }
    public required RegionConfig RegionConfig { get; init; }

    /// <summary>Gives each region its own /16 so the VPCs never overlap.</summary>
    public required int RegionIndex { get; init; }
}
