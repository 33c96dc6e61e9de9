using Amazon.CDK;
using Amazon.CDK.AWS.Lambda.EventSources;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// Background jobs: the high and low priority queues and the worker that drains them, each queue with
/// its own batch size, batching window and concurrency ceiling, reporting partial batch failures so one
/// bad message does not send its whole batch back.
/// </summary>
public sealed class JobProcessing : Construct
{
    public ServiceFunction Worker { get; }
    public JobQueue High { get; }
    public JobQueue Low { get; }
    public IReadOnlyList<JobQueue> Queues => [High, Low];

    public JobProcessing(Construct scope, string id, JobProcessingProps props) : base(scope, id)
    {
        var config = props.Config;
        Worker = new ServiceFunction(this, "Worker", new ServiceFunctionProps
        {
            Config = config,
            Network = props.Network,
            Artifact = config.Lambda.WorkerArtifact,
            Host = "worker",
            MemoryMb = config.Lambda.WorkerMemoryMb,
            TimeoutSeconds = config.Lambda.WorkerTimeoutSeconds,
            Environment = props.Environment,
            AlarmTopic = props.AlarmTopic,
        });
        High = Consume("High", config.Queues.High, props);
        Low = Consume("Low", config.Queues.Low, props);
    }

    private JobQueue Consume(string priority, QueueConfig settings, JobProcessingProps props)
    {
        var queue = new JobQueue(this, $"{priority}Queue", new JobQueueProps
        {
            Priority = priority,
            Settings = settings,
            Queues = props.Config.Queues,
            Key = props.Key,
            AlarmTopic = props.AlarmTopic,
            ConsumerTimeoutSeconds = props.Config.Lambda.WorkerTimeoutSeconds,
        });
        // The mapping invokes the alias, so a canary covers queue work too; the grant covers kms:Decrypt.
        Worker.Alias.AddEventSource(new SqsEventSource(queue.Queue, new SqsEventSourceProps
        {
            BatchSize = settings.BatchSize,
            MaxBatchingWindow = settings.BatchWindowSeconds > 0 ? Duration.Seconds(settings.BatchWindowSeconds) : null,
            MaxConcurrency = settings.MaxConcurrency,
            ReportBatchItemFailures = true,
        }));
        return queue;
    }
}
