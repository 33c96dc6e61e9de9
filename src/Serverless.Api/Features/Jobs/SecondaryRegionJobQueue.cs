using Serverless.Core.Jobs;

namespace Serverless.Api.Features.Jobs;

/// <summary>
/// The job queue of an API in a secondary region. Jobs are created by writes, and writes there are
/// redirected to the primary before any endpoint runs, so nothing may ever be sent from here; the
/// region has neither queues nor a grant for them (the contract test checks the stacks agree).
/// </summary>
public sealed class SecondaryRegionJobQueue : IJobQueue
{
    public Task SendAsync(IReadOnlyList<JobEnvelope> jobs, CancellationToken ct) =>
        throw new InvalidOperationException("Jobs are queued only in the primary region; a write reached a secondary region's job queue.");

    public Task DelayRedeliveryAsync(JobPriority priority, string receipt, TimeSpan delay, CancellationToken ct) =>
        throw new InvalidOperationException("Jobs are consumed only in the primary region.");

    public Task RequeueAsync(JobEnvelope job, TimeSpan delay, CancellationToken ct) =>
        throw new InvalidOperationException("Jobs are consumed only in the primary region.");
}
