using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.SecretsManager;
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

    /// <summary>The model provider's API key; null where the environment knowingly runs the offline model.</summary>
    public Secret? ModelKey { get; }

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
        GrantRelay(props);
        ModelKey = ConfigureModel(props);

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

    /// <summary>
    /// The relay publishes what the API could not: the queue URLs, and sending to exactly these two queues.
    /// The queues are KMS-encrypted, so a producer also makes data keys with the region's key (the consumer
    /// grant already brings kms:Decrypt). Nothing broader, e.g. not the dead-letter queues.
    /// </summary>
    private void GrantRelay(JobProcessingProps props)
    {
        Worker.Function.AddEnvironment("Queues__High", High.Queue.QueueUrl);
        Worker.Function.AddEnvironment("Queues__Low", Low.Queue.QueueUrl);
        Worker.Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["sqs:SendMessage"],
            Resources = [High.Queue.QueueArn, Low.Queue.QueueArn],
        }));
        Worker.Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["kms:GenerateDataKey"],
            Resources = [props.Key.KeyArn],
        }));
        GrantQueueLookup(Worker.Function);
    }

    /// <summary>
    /// Serverless.Aws's QueueDirectory resolves a queue by reading its redrive policy and looking up the
    /// dead-letter queue's URL before the first send; without this every publish fails (found by the
    /// contract tests). Only the lookup: nothing may send to or read from a dead-letter queue but the redrive tool.
    /// </summary>
    public void GrantQueueLookup(Amazon.CDK.AWS.Lambda.IFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["sqs:GetQueueUrl"],
            Resources = Queues.Select(q => q.DeadLetterQueue.QueueArn).ToArray(),
        }));
    }

    /// <summary>
    /// The worker's model (Serverless.Worker's Llm:Providers): Bedrock's OpenAI-compatible endpoint, reached
    /// through the VPC's bedrock-runtime endpoint, with its API key in a secret this stack creates (with a
    /// random placeholder) and an operator fills. The worker refuses to start with the offline model outside
    /// Development, so an environment without a model must say so (llm.allowOffline).
    /// </summary>
    private Secret? ConfigureModel(JobProcessingProps props)
    {
        var config = props.Config;
        var llm = config.Llm;
        if (llm.AllowOffline)
        {
            Worker.Function.AddEnvironment("Llm__AllowOffline", "true");
            return null;
        }

        var secretName = ResourceNames.LlmSecret(config);
        var secret = new Secret(this, "LlmApiKey", new SecretProps
        {
            SecretName = secretName,
            Description = "The worker's model provider API key (a Bedrock API key); set it with put-secret-value",
            // By ARN: the region's key lives in the foundation stack, and a grant on the key object itself would
            // write this stack's role into that stack's key policy (a cycle). The key policy admits IAM policies.
            EncryptionKey = Key.FromKeyArn(this, "RegionKey", props.Key.KeyArn),
            RemovalPolicy = config.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        var provider = "Llm__Providers__0__";
        Worker.Function.AddEnvironment(provider + "Name", llm.Name);
        Worker.Function.AddEnvironment(provider + "Kind", "openai");
        Worker.Function.AddEnvironment(provider + "BaseUrl", llm.BaseUrl(config.Primary.Region));
        Worker.Function.AddEnvironment(provider + "Model", llm.Model);
        foreach (var (hint, model) in llm.Models)
        {
            Worker.Function.AddEnvironment($"{provider}Models__{hint}", model);
        }
        Worker.Function.AddEnvironment(provider + "ApiKeyParameter", SecretParameter.Grant(Worker.Function, secret, secretName, Stack.Of(this)));

        // For SigV4 callers; a Bedrock API key is checked against its own identity's permissions too.
        var region = llm.RegionOr(config.Primary.Region);
        Worker.Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["bedrock:InvokeModel"],
            Resources = llm.AllModels.Select(m => $"arn:{Aws.PARTITION}:bedrock:{region}::foundation-model/{m}").ToArray(),
        }));
        return secret;
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
