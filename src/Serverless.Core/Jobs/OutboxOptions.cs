namespace Serverless.Core.Jobs;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// Run the relay's loop in this process (the API and the local worker do). Off where it must not run:
    /// the worker on Lambda (a schedule drains the outbox there) and an API in a secondary region.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the relay looks for jobs it was not told about (a crash, SQS down at the time).</summary>
    public int IntervalMilliseconds { get; set; } = 2000;

    public int BatchSize { get; set; } = 50;

    /// <summary>How long a relay holds rows it is publishing before another relay may take them.</summary>
    public int LeaseSeconds { get; set; } = 30;
}
