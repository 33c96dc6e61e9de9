namespace Serverless.Worker.Jobs;

/// <summary>How the worker consumes its queues and retries failed jobs.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Batches of high-priority (interactive) jobs handled at once.</summary>
    public int HighConcurrency { get; set; } = 4;

    /// <summary>Batches of low-priority (bulk) jobs handled at once: kept below the high queue's, so bulk work never takes every slot.</summary>
    public int LowConcurrency { get; set; } = 1;

    /// <summary>Messages per receive, as a Lambda event source mapping's batch size (1-10).</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>Long-polling wait per receive (0-20 s).</summary>
    public int WaitSeconds { get; set; } = 10;

    /// <summary>How long a claim on a job holds before another delivery may take it over; match the queue's visibility timeout.</summary>
    public int InProgressSeconds { get; set; } = 60;

    /// <summary>First retry delay; doubles per delivery, with full jitter.</summary>
    public double RetryBaseSeconds { get; set; } = 2;

    public double RetryMaxSeconds { get; set; } = 300;

    /// <summary>The queues' maxReceiveCount: the delivery at which a failure is final (the next receive moves it to the DLQ).</summary>
    public int MaxAttempts { get; set; } = 5;
}
