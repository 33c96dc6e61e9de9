using Amazon.CDK;
using Amazon.CDK.AWS.RDS;
using Serverless.Infra.Config;

namespace Serverless.Infra.Stacks;

public sealed class DataStackProps : StackProps
{
    public required PlatformConfig Config { get; init; }
    public required FoundationStack Foundation { get; init; }

    /// <summary>Null in the primary region; the primary instance everywhere else.</summary>
    public IDatabaseInstance? ReplicaSource { get; init; }
}
