namespace Serverless.Aws.Jobs;

/// <summary>
/// How the local poller consumes the two queues, as a Lambda event source mapping would. The worker
/// fills it from its <c>Worker</c> settings (<c>AddSqsJobConsumer</c>).
/// </summary>
public sealed class SqsPollingOptions
{
    /// <summary>Batches of high-priority (interactive) jobs handled at once.</summary>
    public int HighConcurrency { get; set; } = 4;

    /// <summary>Batches of low-priority (bulk) jobs handled at once.</summary>
    public int LowConcurrency { get; set; } = 1;

    /// <summary>Messages per receive (1-10).</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>Long-polling wait per receive (0-20 s).</summary>
    public int WaitSeconds { get; set; } = 10;

    /// <summary>How long one batch may run: the invocation deadline the handlers see.</summary>
    public int InProgressSeconds { get; set; } = 60;
}
