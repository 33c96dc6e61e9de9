using Serverless.Core.Data;
using Serverless.Core.Jobs;
using Serverless.Core.Review;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Drafts;

/// <summary>
/// Asks for a draft: the job is recorded in the same transaction that checks the item, so either the
/// caller gets a job id that will run, or an error and no job.
/// </summary>
public sealed class DraftRequests(Databases databases, JobStore jobs)
{
    /// <returns>The queued job, or null when the tenant has no such (unarchived) item.</returns>
    public async Task<JobEnvelope?> RequestAsync(Guid tenantId, string tier, Guid contentId, string? instructions, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "drafts.request", ct);
        await using (var exists = session.Command(
            "SELECT 1 FROM content_items WHERE tenant_id = $1 AND id = $2 AND status <> 'archived' AND deleted_at IS NULL FOR SHARE"))
        {
            exists.Parameters.Add(Uuid(tenantId));
            exists.Parameters.Add(Uuid(contentId));
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                return null;
            }
        }
        var job = await DraftJobs.EnqueueAsync(session, jobs, tenantId, tier, contentId, instructions, ct);
        await session.CommitAsync(ct);
        return job;
    }
}
