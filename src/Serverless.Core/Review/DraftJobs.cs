using System.Text.Json;
using Serverless.Core.Data;
using Serverless.Core.Jobs;

namespace Serverless.Core.Review;

/// <summary>
/// The <c>content.draft</c> job as review knows it: asked for by a person (Drafts) or by a reviewer's
/// regeneration (Review), run by the worker, and finished by <see cref="ReviewIntake.StoreDraftAsync"/>.
/// The payload and the result are written and read here only, so Jobs never sees their types.
/// </summary>
public static class DraftJobs
{
    /// <summary>Records a drafting job in the caller's transaction (see <see cref="JobStore.EnqueueAsync"/>).</summary>
    public static Task<JobEnvelope> EnqueueAsync(
        TenantSession session, JobStore jobs, Guid tenantId, string tier, Guid contentId, string? instructions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var payload = JsonSerializer.Serialize(new DraftJobPayload(contentId, instructions), ReviewJsonContext.Default.DraftJobPayload);
        return jobs.EnqueueAsync(
            session, tenantId, JobTypes.ContentDraft, DraftJobPayload.SchemaVersion,
            JobRouting.PriorityFor(JobTypes.ContentDraft, tier), payload, ct);
    }

    /// <summary>The job's payload; throws for a schema version this code does not read.</summary>
    public static DraftJobPayload ReadPayload(JobEnvelope job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.SchemaVersion != DraftJobPayload.SchemaVersion)
        {
            throw new NotSupportedException($"content.draft schema version {job.SchemaVersion} is not supported by this worker.");
        }
        return job.Payload.Deserialize(ReviewJsonContext.Default.DraftJobPayload)
            ?? throw new JsonException("The content.draft payload is null.");
    }

    /// <summary>What a finished drafting job reports, on the job row and in the idempotency record.</summary>
    internal static string ResultJson(Guid draftId, string draftStatus) =>
        JsonSerializer.Serialize(new DraftJobResult(draftId, draftStatus), ReviewJsonContext.Default.DraftJobResult);
}
