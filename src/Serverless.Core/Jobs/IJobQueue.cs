namespace Serverless.Core.Jobs;

/// <summary>
/// Where jobs wait for a worker. Delivery is at-least-once: handlers must be idempotent.
/// The SQS implementation lives in the AWS adapter; Core never sees the SDK.
/// </summary>
public interface IJobQueue
{
    /// <summary>Sends the jobs to their priority's queue; throws when the queue cannot take them.</summary>
    Task SendAsync(IReadOnlyList<JobEnvelope> jobs, CancellationToken ct);

    /// <summary>Hands a received message back to its queue, visible again after <paramref name="delay"/>.</summary>
    Task RetryLaterAsync(JobPriority priority, string receipt, TimeSpan delay, CancellationToken ct);
}
