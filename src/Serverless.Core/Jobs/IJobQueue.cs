namespace Serverless.Core.Jobs;

/// <summary>
/// Where jobs wait for a worker. Delivery is at-least-once: handlers must be idempotent.
/// The SQS implementation lives in the AWS adapter; Core never sees the SDK.
/// </summary>
public interface IJobQueue
{
    /// <summary>
    /// Sends the jobs to their priority's queue, however many (the implementation batches them as its
    /// service requires); throws when the queue cannot take them.
    /// </summary>
    Task SendAsync(IReadOnlyList<JobEnvelope> jobs, CancellationToken ct);

    /// <summary>
    /// Makes a received message visible again only after <paramref name="delay"/>: a retry's backoff, or,
    /// repeated while a long job runs, a heartbeat that keeps it from being delivered to another worker.
    /// </summary>
    Task DelayRedeliveryAsync(JobPriority priority, string receipt, TimeSpan delay, CancellationToken ct);

    /// <summary>
    /// Sends a received job again, as a new message visible after <paramref name="delay"/>, for a delivery
    /// turned away before it started (its tenant at its limit of model calls). A new message starts a new
    /// receive count, so being turned away never counts toward the dead-letter queue; the caller lets the
    /// original go as handled, and a duplicate (the original coming back after a crash) finds the job's claim.
    /// </summary>
    Task RequeueAsync(JobEnvelope job, TimeSpan delay, CancellationToken ct);
}
