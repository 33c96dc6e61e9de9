using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
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
            Environment = new Dictionary<string, string>(props.Environment)
            {
                // A job's idempotency claim must outlive the message's invisibility (JobQueue sets it to
                // six worker timeouts), or a redelivered message could start the job a second time.
                ["Worker__InProgressSeconds"] = (config.Lambda.WorkerTimeoutSeconds * 6).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            AlarmTopic = props.AlarmTopic,
        });
        High = Consume("High", config.Queues.High, props);
        Low = Consume("Low", config.Queues.Low, props);

        // The API publishes a job inline right after commit; when that fails (SQS briefly unreachable)
        // the outbox keeps it, and this schedule has the worker relay what is pending (WorkerLambdaHandler
        // recognises the "aws.events" source). Without it a missed publish would wait forever.
        new Rule(this, "OutboxRelaySchedule", new RuleProps
        {
            Description = "Relays jobs still waiting in the outbox to SQS",
            Schedule = Schedule.Rate(Duration.Minutes(1)),
            Targets = [new LambdaFunction(Worker.Alias, new LambdaFunctionProps { RetryAttempts = 0 })],
        });
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
