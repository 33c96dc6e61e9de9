using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed record JobQueueProps
{
    public required string Priority { get; init; }
    public required QueueConfig Settings { get; init; }
    public required QueuesConfig Queues { get; init; }
    public required IKey Key { get; init; }
    public required ITopic AlarmTopic { get; init; }

    /// <summary>The consumer's timeout: the visibility timeout must outlast a whole batch (AWS advises 6x).</summary>
    public required int ConsumerTimeoutSeconds { get; init; }
}
