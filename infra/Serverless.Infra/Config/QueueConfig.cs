namespace Serverless.Infra.Config;

/// <summary>One priority's queue and how the worker consumes it.</summary>
public sealed record QueueConfig
{
    public int BatchSize { get; init; } = 10;
    public int BatchWindowSeconds { get; init; }

    /// <summary>The ceiling on concurrent worker invocations for this queue (2–1000).</summary>
    public int MaxConcurrency { get; init; } = 5;

    /// <summary>Receives before a message moves to the dead-letter queue.</summary>
    public int MaxReceiveCount { get; init; } = 5;

    /// <summary>Alarm when the oldest message has waited this long.</summary>
    public int OldestMessageAlarmSeconds { get; init; } = 300;
}
