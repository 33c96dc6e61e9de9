using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Serverless.Core.Telemetry;

/// <summary>Background jobs and model calls. Tags stay low-cardinality: job type, priority, provider, outcome; never a tenant.</summary>
public static class JobMetrics
{
    private static readonly Meter Meter = new(CoreMetrics.MeterName);

    private static readonly Counter<long> Handled = Meter.CreateCounter<long>(
        "serverless.jobs.handled", "{message}", "Job deliveries by type, priority and outcome (succeeded, retried, failed, duplicate, in_progress).");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "serverless.jobs.duration", "s", "Time a worker spent on one delivery of a job.");

    private static readonly Counter<long> Published = Meter.CreateCounter<long>(
        "serverless.jobs.published", "{job}", "Jobs handed from the outbox to the queue, by outcome (ok, error).");

    private static readonly Counter<long> ModelTokens = Meter.CreateCounter<long>(
        "serverless.llm.tokens", "{token}", "Tokens spent on drafts, by provider and direction (input, output).");

    private static readonly Counter<long> Drafts = Meter.CreateCounter<long>(
        "serverless.drafts.generated", "{draft}", "Drafts stored, by status (generated, failed) and whether a repair was needed.");

    public static void RecordHandled(string type, string priority, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "job.type", type }, { "job.priority", priority }, { "outcome", outcome } };
        Handled.Add(1, tags);
        Duration.Record(elapsed.TotalSeconds, tags);
    }

    public static void RecordPublished(int count, bool ok) => Published.Add(count, new TagList { { "outcome", ok ? "ok" : "error" } });

    public static void RecordDraft(string provider, string status, bool repaired, int inputTokens, int outputTokens)
    {
        Drafts.Add(1, new TagList { { "status", status }, { "repaired", repaired } });
        ModelTokens.Add(inputTokens, new TagList { { "provider", provider }, { "direction", "input" } });
        ModelTokens.Add(outputTokens, new TagList { { "provider", provider }, { "direction", "output" } });
    }
}
