namespace Serverless.Infra.Config;

public sealed record QueuesConfig
{
    public QueueConfig High { get; init; } = new() { BatchSize = 5, MaxConcurrency = 10, OldestMessageAlarmSeconds = 120 };
    public QueueConfig Low { get; init; } = new() { BatchSize = 10, BatchWindowSeconds = 5, MaxConcurrency = 2, OldestMessageAlarmSeconds = 1800 };
    public int RetentionDays { get; init; } = 4;
    public int DeadLetterRetentionDays { get; init; } = 14;
}
