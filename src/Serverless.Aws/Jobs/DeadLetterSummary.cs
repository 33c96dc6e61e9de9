namespace Serverless.Aws.Jobs;

/// <summary>A dead-letter queue at a glance: roughly how many messages, and a sample of them.</summary>
public sealed record DeadLetterSummary(string QueueUrl, int ApproximateCount, IReadOnlyList<DeadLetterMessage> Sample);
