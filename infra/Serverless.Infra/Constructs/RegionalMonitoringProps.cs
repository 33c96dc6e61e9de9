using Amazon.CDK.AWS.SNS;

namespace Serverless.Infra.Constructs;

public sealed record RegionalMonitoringProps
{
    public required string Environment { get; init; }
    public required ITopic AlarmTopic { get; init; }
    public required TenantApi Api { get; init; }
    public required IReadOnlyList<ServiceFunction> Functions { get; init; }
    public IReadOnlyList<JobQueue> Queues { get; init; } = [];
    public PrimaryDatabase? Primary { get; init; }
    public ReplicaDatabase? Replica { get; init; }
    public required Cache Cache { get; init; }
}
