namespace Serverless.Core.Telemetry;

/// <summary>
/// The outcome of the job delivery running in this async flow, as <see cref="JobMetrics.RecordHandled"/>
/// records it, so the worker's per-job log line and span say what the metric says without the handler
/// reporting it twice. A delivery opens a slot; code below it fills it.
/// </summary>
public sealed class JobOutcome
{
    private static readonly AsyncLocal<JobOutcome?> Slot = new();

    public string? Outcome { get; private set; }

    public static JobOutcome Begin() => Slot.Value = new JobOutcome();

    internal static void Record(string outcome)
    {
        if (Slot.Value is { } slot)
        {
            slot.Outcome = outcome;
        }
    }
}
