using System.Diagnostics.Metrics;

namespace Serverless.Worker.Telemetry;

/// <summary>
/// USE-style gauges of the queues, from the last sample <see cref="QueueStatsSampler"/> took: SQS depth,
/// in-flight and dead-letter messages per priority; waiting jobs and the oldest one's age (from the outbox
/// table); the review queue's size and oldest item by confidence band.
/// </summary>
public sealed class QueueMetrics
{
    public const string MeterName = "Serverless.Queues";

    private volatile QueueSnapshot _last = QueueSnapshot.Empty;

    public QueueMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("serverless.jobs.queue.messages", () => _last.Sqs.Select(q => Measure(q.Visible, "priority", q.Priority)), "{message}",
            "Messages waiting in each priority's SQS queue.");
        meter.CreateObservableGauge("serverless.jobs.queue.in_flight", () => _last.Sqs.Select(q => Measure(q.InFlight, "priority", q.Priority)), "{message}",
            "Messages received by a worker and not yet deleted, per priority.");
        meter.CreateObservableGauge("serverless.jobs.dlq.messages", () => _last.Sqs.Select(q => Measure(q.DeadLetters, "priority", q.Priority)), "{message}",
            "Messages in each priority's dead-letter queue (a human must look).");
        meter.CreateObservableGauge("serverless.jobs.waiting", () => _last.Jobs.Select(j => Measure(j.Waiting, "priority", j.Priority)), "{job}",
            "Jobs not yet started (pending, queued or retrying), per priority.");
        meter.CreateObservableGauge("serverless.jobs.oldest.age", () => _last.Jobs.Select(j => Measure(j.OldestAgeSeconds, "priority", j.Priority)), "s",
            "Age of the oldest job not yet started, per priority (0 when none waits).");
        meter.CreateObservableGauge("serverless.review.queue.size", () => _last.Review.Select(r => Measure(r.Size, "band", r.Band)), "{draft}",
            "Drafts waiting for a reviewer, by confidence band (low < 0.5 <= medium < 0.8 <= high).");
        meter.CreateObservableGauge("serverless.review.queue.oldest.age", () => _last.Review.Select(r => Measure(r.OldestAgeSeconds, "band", r.Band)), "s",
            "Age of the oldest draft waiting for a reviewer, by confidence band.");
    }

    public void Update(QueueSnapshot snapshot) => _last = snapshot;

    private static Measurement<double> Measure(double value, string tag, string tagValue) =>
        new(value, new KeyValuePair<string, object?>(tag, tagValue));
}
