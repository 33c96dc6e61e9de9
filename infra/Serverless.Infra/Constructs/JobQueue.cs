using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace Serverless.Infra.Constructs;

/// <summary>
/// A priority queue and its dead-letter queue, both encrypted with the region's key, with the two alarms
/// that matter: anything in the dead-letter queue, and work waiting too long.
/// </summary>
public sealed class JobQueue : Construct
{
    public Queue Queue { get; }
    public Queue DeadLetterQueue { get; }

    public JobQueue(Construct scope, string id, JobQueueProps props) : base(scope, id)
    {
        DeadLetterQueue = new Queue(this, "DeadLetter", new QueueProps
        {
            Encryption = QueueEncryption.KMS,
            EncryptionMasterKey = props.Key,
            // Longer than the source queue's retention, so a message is never lost on the way in.
            RetentionPeriod = Duration.Days(props.Queues.DeadLetterRetentionDays),
            EnforceSSL = true,
        });

        Queue = new Queue(this, "Queue", new QueueProps
        {
            Encryption = QueueEncryption.KMS,
            EncryptionMasterKey = props.Key,
            DataKeyReuse = Duration.Minutes(5),
            RetentionPeriod = Duration.Days(props.Queues.RetentionDays),
            VisibilityTimeout = Duration.Seconds(props.ConsumerTimeoutSeconds * 6),
            EnforceSSL = true,
            DeadLetterQueue = new DeadLetterQueue { Queue = DeadLetterQueue, MaxReceiveCount = props.Settings.MaxReceiveCount },
        });

        var deadLetters = new Alarm(this, "DeadLettersAlarm", new AlarmProps
        {
            AlarmDescription = $"{props.Priority} jobs failed {props.Settings.MaxReceiveCount} times; redrive after fixing the cause",
            Metric = DeadLetterQueue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" }),
            Threshold = 1,
            EvaluationPeriods = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        var oldest = new Alarm(this, "OldestMessageAlarm", new AlarmProps
        {
            AlarmDescription = $"{props.Priority} jobs are waiting longer than {props.Settings.OldestMessageAlarmSeconds} s",
            Metric = Queue.MetricApproximateAgeOfOldestMessage(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" }),
            Threshold = props.Settings.OldestMessageAlarmSeconds,
            EvaluationPeriods = 3,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        foreach (var alarm in new[] { deadLetters, oldest })
        {
            alarm.AddAlarmAction(new SnsAction(props.AlarmTopic));
        }
    }
}
