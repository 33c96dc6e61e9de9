using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Audit;
using Serverless.Core.Idempotency;
using Serverless.Core.Jobs;
using Serverless.Core.Telemetry;
using Serverless.Core.Tenants;
using Serverless.Core.Data;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;
using Serverless.Worker.Fairness;

namespace Serverless.Worker.Jobs;

/// <summary>
/// One SQS message, the same on Lambda and in the local poller: claim the job in the idempotency store,
/// run its handler, record the outcome. A failure hides the message for an exponentially growing,
/// jittered delay and is reported as a batch item failure; after the last allowed delivery SQS moves it
/// to the dead-letter queue. A duplicate delivery finds the completed claim and does nothing. A model-calling
/// job whose tenant already runs its cap of them is sent again for later, before anything starts, and
/// that never counts as an attempt.
/// </summary>
public sealed partial class JobMessageHandler(
    IEnumerable<IJobHandler> handlers,
    IIdempotencyStore idempotency,
    JobStore jobs,
    TenantSuspension suspension,
    IJobQueue queue,
    TenantFairness fairness,
    IOptions<WorkerOptions> options,
    JobMetrics metrics,
    ILogger<JobMessageHandler> logger) : ISqsRecordHandler
{
    public async Task HandleAsync(SqsMessage message, LambdaInvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        // Unreadable or unknown messages throw here and, after maxReceiveCount, land in the DLQ for a human.
        var job = JsonSerializer.Deserialize(message.Body ?? "null", JobJsonContext.Default.JobEnvelope)
            ?? throw new JsonException($"Message {message.MessageId} has no job envelope.");
        var handler = handlers.FirstOrDefault(h => h.Type == job.Type)
            ?? throw new NotSupportedException($"No handler for job type '{job.Type}'.");
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = job.TenantId, ["JobId"] = job.JobId });
        // What the job changes is audited as the job's doing; the message id stands in for a request id.
        using var actor = AuditContext.Begin(new AuditActor($"job:{job.JobId}", message.MessageId));

        var started = Stopwatch.GetTimestamp();
        var priority = JobStore.PriorityName(job.Priority);
        if (await suspension.IsSuspendedAsync(job.TenantId, DataSourceKind.Primary, cancellationToken))
        {
            // Paused, not failed: the message is acknowledged (no retry spent, no DLQ) and resuming republishes the job.
            await jobs.PauseAsync(job.TenantId, job.JobId, cancellationToken);
            LogPaused(logger, job.JobId);
            metrics.RecordHandled(job.Type, priority, JobStatus.Paused, Stopwatch.GetElapsedTime(started));
            return;
        }
        var tier = await fairness.TierOfAsync(job.TenantId, cancellationToken);
        await using var slot = await fairness.TryEnterAsync(job.TenantId, tier, handler.CallsModel, cancellationToken);
        if (slot is null)
        {
            // The tenant runs its cap of model calls already: this delivery goes back to the end of the queue
            // as a new message (a fresh receive count) and this one ends as handled.
            await queue.RequeueAsync(job, fairness.RequeueDelay(), cancellationToken);
            metrics.RecordHandled(job.Type, priority, "requeued", Stopwatch.GetElapsedTime(started));
            return;
        }
        var waited = DateTimeOffset.UtcNow - job.EnqueuedAt;
        metrics.RecordQueueWait(job.Type, priority, tier, waited);
        var key = IdempotencyKey.For(job.TenantId, "job", job.JobId.ToString("N"), $"{job.Type}|{job.SchemaVersion}|{job.Payload.GetRawText()}");
        var claim = await idempotency.ClaimAsync(key, TimeSpan.FromSeconds(settings.InProgressSeconds), cancellationToken);
        switch (claim.Outcome)
        {
            case ClaimOutcome.AlreadyCompleted:
                LogDuplicate(logger, job.JobId, message.MessageId);
                metrics.RecordHandled(job.Type, priority, "duplicate", Stopwatch.GetElapsedTime(started));
                return;
            case ClaimOutcome.InProgress:
                // Another delivery is running it now. Look again once its claim could have lapsed (if it crashed),
                // as a new message: retrying this one would spend its deliveries, and a job running longer than
                // a few retry delays would send this copy to the dead-letter queue though nothing failed.
                await DeferWithoutCountingAsync(job, TimeSpan.FromSeconds(settings.InProgressSeconds), cancellationToken);
                metrics.RecordHandled(job.Type, priority, "in_progress", Stopwatch.GetElapsedTime(started));
                return;
            case ClaimOutcome.PayloadMismatch:
                throw new InvalidOperationException($"Job {job.JobId} arrived with a different payload than before; refusing it.");
        }

        try
        {
            switch (await jobs.StartAttemptAsync(job.TenantId, job.JobId, cancellationToken))
            {
                case AttemptStart.AlreadySucceeded:
                    // PostgreSQL says it succeeded (a crash before the claim was completed): finish the claim.
                    await idempotency.CompleteAsync(key, "{}", CancellationToken.None);
                    return;
                case AttemptStart.UnknownJob:
                    // Not from our outbox (or another tenant's id): never act on it; the DLQ keeps it for a human.
                    throw new InvalidOperationException($"Job {job.JobId} does not exist for tenant {job.TenantId}.");
            }
            string result;
            await using (new JobHeartbeat(queue, idempotency, job, message.ReceiptHandle, key, TimeSpan.FromSeconds(settings.InProgressSeconds), logger))
            {
                result = await handler.HandleAsync(job, new JobDelivery(message.MessageId, Math.Max(1, message.ApproximateReceiveCount)), cancellationToken);
            }
            await idempotency.CompleteAsync(key, result, CancellationToken.None);
            var ran = Stopwatch.GetElapsedTime(started);
            metrics.RecordHandled(job.Type, priority, "succeeded", ran);
            LogSucceeded(logger, job.JobId, job.Type, tier, (long)waited.TotalMilliseconds, (long)ran.TotalMilliseconds);
        }
        catch (JobRefusedException refused)
        {
            // Final by the handler's say (e.g. the tenant's model budget): no retry, no dead-letter queue.
            LogRefused(logger, job.JobId, refused.Status, refused.Message);
            await jobs.RecordRefusalAsync(job.TenantId, job.JobId, refused.Status, refused.Message, CancellationToken.None);
            await idempotency.CompleteAsync(key, "{}", CancellationToken.None);
            metrics.RecordHandled(job.Type, priority, refused.Status, Stopwatch.GetElapsedTime(started));
        }
        catch (Serverless.Worker.Llm.LlmUnavailableException open) when (open.CircuitOpenFor is { } wait && !cancellationToken.IsCancellationRequested)
        {
            // Nothing was sent: every model's circuit is open. Not the job's fault, so not an attempt.
            await jobs.RecordFailureAsync(job.TenantId, job.JobId, $"deferred: {open.Message}", false, CancellationToken.None);
            await idempotency.ReleaseAsync(key, CancellationToken.None);
            await DeferWithoutCountingAsync(job, wait, CancellationToken.None);
            metrics.RecordHandled(job.Type, priority, "deferred", Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A stop mid-job skips this on purpose: like a crash, the message reappears after its visibility
            // timeout and the claim lapses after the in-progress window, so the job runs again exactly once.
            var final = message.ApproximateReceiveCount >= settings.MaxAttempts;
            metrics.RecordHandled(job.Type, priority, final ? "failed" : "retried", Stopwatch.GetElapsedTime(started));
            await jobs.RecordFailureAsync(job.TenantId, job.JobId, $"{e.GetType().Name}: {e.Message}", final, CancellationToken.None);
            await idempotency.ReleaseAsync(key, CancellationToken.None);
            if (final && message.ReceiptHandle is not null)
            {
                // Out of attempts: visible again at once, so the next receive moves it to the DLQ.
                await queue.DelayRedeliveryAsync(job.Priority, message.ReceiptHandle, TimeSpan.Zero, CancellationToken.None);
            }
            else
            {
                await RetryLaterAsync(job, message, CancellationToken.None);
            }
            throw;
        }
    }

    /// <summary>
    /// Sends the job again for after <paramref name="wait"/> (plus jitter, so deferred jobs do not return together)
    /// as a new message with a fresh receive count, and lets this delivery end as handled: a delay that never
    /// counts toward the dead-letter queue.
    /// </summary>
    private async Task DeferWithoutCountingAsync(JobEnvelope job, TimeSpan wait, CancellationToken ct) =>
        await queue.RequeueAsync(job, wait + TimeSpan.FromSeconds(Random.Shared.NextDouble() * Math.Max(1, wait.TotalSeconds / 4)), ct);

    private async Task RetryLaterAsync(JobEnvelope job, SqsMessage message, CancellationToken ct)
    {
        if (message.ReceiptHandle is null)
        {
            return;
        }
        var settings = options.Value;
        var delay = new RetryBackoff(TimeSpan.FromSeconds(settings.RetryBaseSeconds), TimeSpan.FromSeconds(settings.RetryMaxSeconds))
            .For(Math.Max(1, message.ApproximateReceiveCount));
        await queue.DelayRedeliveryAsync(job.Priority, message.ReceiptHandle, delay, ct);
    }

    // Debug: every job's one Information line (outcome, ids, time) is TracedRecordHandler's; this adds the
    // tier and the queue wait when someone needs them per job (the histogram has them always).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} ({JobType}) succeeded; tier {TenantTier}, waited {QueueWaitMs} ms, ran {RunMs} ms")]
    private static partial void LogSucceeded(ILogger logger, Guid jobId, string jobType, string tenantTier, long queueWaitMs, long runMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} refused for good ({Status}): {Reason}")]
    private static partial void LogRefused(ILogger logger, Guid jobId, string status, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} paused: its tenant is suspended")]
    private static partial void LogPaused(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} already completed; message {MessageId} is a duplicate delivery")]
    private static partial void LogDuplicate(ILogger logger, Guid jobId, string messageId);
}
