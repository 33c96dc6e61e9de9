using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Serverless.Core.Telemetry;

/// <summary>
/// Background jobs and model calls, from the container's <see cref="IMeterFactory"/>. Tags stay
/// low-cardinality: job type, priority, provider, outcome; never a tenant.
/// </summary>
public sealed class JobMetrics
{
    private readonly Counter<long> _handled;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _published;
    private readonly Counter<long> _modelTokens;
    private readonly Counter<long> _drafts;
    private readonly Histogram<double> _queueWait;

    public JobMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(CoreMetrics.MeterName);
        _handled = meter.CreateCounter<long>(
            "serverless.jobs.handled", "{message}", "Job deliveries by type, priority and outcome (succeeded, retried, failed, duplicate, in_progress, requeued, deferred, budget_exhausted).");
        _duration = meter.CreateHistogram<double>(
            "serverless.jobs.duration", "s", "Time a worker spent on one delivery of a job.");
        _published = meter.CreateCounter<long>(
            "serverless.jobs.published", "{job}", "Jobs handed from the outbox to the queue, by outcome (ok, error).");
        _modelTokens = meter.CreateCounter<long>(
            "serverless.llm.tokens", "{token}", "Tokens spent on drafts, by provider and direction (input, output).");
        _drafts = meter.CreateCounter<long>(
            "serverless.drafts.generated", "{draft}", "Drafts stored, by status (generated, failed) and whether a repair was needed.");
        _queueWait = meter.CreateHistogram<double>(
            "serverless.jobs.queue_wait", "s", "From a job's request to the start of the delivery that runs it, by type, priority and tenant tier (never the tenant).");
    }

    public void RecordHandled(string type, string priority, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "job.type", type }, { "job.priority", priority }, { "outcome", outcome } };
        _handled.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
        JobOutcome.Record(outcome);
    }

    public void RecordQueueWait(string type, string priority, string tier, TimeSpan waited) =>
        _queueWait.Record(Math.Max(0, waited.TotalSeconds), new TagList { { "job.type", type }, { "job.priority", priority }, { "tenant.tier", tier } });

    public void RecordPublished(int count, bool ok) => _published.Add(count, new TagList { { "outcome", ok ? "ok" : "error" } });

    public void RecordDraft(string provider, string status, bool repaired, int inputTokens, int outputTokens)
    {
        _drafts.Add(1, new TagList { { "status", status }, { "repaired", repaired } });
        _modelTokens.Add(inputTokens, new TagList { { "provider", provider }, { "direction", "input" } });
        _modelTokens.Add(outputTokens, new TagList { { "provider", provider }, { "direction", "output" } });
    }
}
