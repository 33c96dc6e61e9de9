using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Serverless.Core.Content;
using Serverless.Core.Data;
using Serverless.Core.Jobs;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Review;

/// <summary>
/// The review workflow. Every action locks the draft's review row (FOR UPDATE), checks the transition
/// and the lease in code, and writes the new state, a feedback event and any side effect (a new job, the
/// published content) in that one transaction; the audit trigger records each row it changes.
/// Lease times come from <see cref="TimeProvider"/>, so expiry is testable without waiting.
/// </summary>
public sealed class ReviewStore(Databases databases, JobStore jobs, TimeProvider time, ReviewOptions options)
{
    public const int MaxPage = 100;

    private TimeSpan Lease => TimeSpan.FromSeconds(options.LeaseSeconds);

    /// <summary>One page of the drafts in one review status, in the asked-for order, with the tenant's slug and name.</summary>
    /// <remarks>A person's token carries only the tenant's id, so the slug (for public URLs) is read here too.</remarks>
    public async Task<(string TenantSlug, string TenantName, ReviewPage Page)> ListAsync(Guid tenantId, ReviewQuery query, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "review.list", ct);
        string slug = "", name = "";
        await using (var tenant = session.Command("SELECT slug, name FROM tenants WHERE id = $1"))
        {
            tenant.Parameters.Add(Uuid(tenantId));
            await using var r = await tenant.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
            {
                (slug, name) = (r.GetString(0), r.GetString(1));
            }
        }
        var page = await ReviewQueueReader.ReadAsync(session, tenantId, query, time.GetUtcNow(), ct);
        await session.CommitAsync(ct);
        return (slug, name, page);
    }

    public async Task<ReviewDetail?> GetAsync(Guid tenantId, Guid draftId, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "review.get", ct);
        var detail = await DetailAsync(session, tenantId, draftId, ct);
        await session.CommitAsync(ct);
        return detail;
    }

    /// <summary>Takes (or renews) the lease on a draft in review; refused while another reviewer's lease runs.</summary>
    public Task<ReviewOutcome> ClaimAsync(Guid tenantId, Guid draftId, string actor, CancellationToken ct) =>
        ActAsync(tenantId, draftId, "review.claim", async (session, row, now) =>
        {
            if (row.Status != ReviewStatus.InReview)
            {
                return ReviewOutcome.Illegal($"Only drafts in review can be claimed; this one is {row.Status}.");
            }
            if (row.HeldByOther(actor, now))
            {
                return ReviewOutcome.Lease($"{row.LeaseOwner} is working on this draft until {Iso(row.LeaseUntil!.Value)}.");
            }
            await UpdateAsync(session, tenantId, draftId, "lease_owner = $3, lease_until = $4", ct, Text(actor), Time(now + Lease));
            return null;
        }, ct);

    /// <summary>Gives a claim back early, so the next reviewer need not wait for it to lapse.</summary>
    public Task<ReviewOutcome> ReleaseAsync(Guid tenantId, Guid draftId, string actor, CancellationToken ct) =>
        ActAsync(tenantId, draftId, "review.release", async (session, row, now) =>
        {
            if (!row.HeldBy(actor, now))
            {
                return ReviewOutcome.Lease("You hold no claim on this draft.");
            }
            await UpdateAsync(session, tenantId, draftId, "lease_owner = NULL, lease_until = NULL", ct);
            return null;
        }, ct);

    /// <summary>Approves the draft as written, or as the reviewer edited it (then the diff and edit distance are stored).</summary>
    public Task<ReviewOutcome> ApproveAsync(Guid tenantId, Guid draftId, string actor, string? title, string? body, CancellationToken ct) =>
        ActAsync(tenantId, draftId, "review.approve", async (session, row, now) =>
        {
            if (Refuse(row, actor, now, "approved") is { } refused)
            {
                return refused;
            }
            var finalTitle = title ?? row.DraftTitle;
            var finalBody = body ?? row.DraftBody;
            var edit = DraftEdit.Between(row.DraftTitle, row.DraftBody, finalTitle, finalBody);
            var diff = edit.Changed ? JsonSerializer.Serialize(edit, ReviewJsonContext.Default.DraftEdit) : null;
            await UpdateAsync(session, tenantId, draftId, """
                status = 'approved', final_title = $3, final_body = $4, edited = $5, diff = $6, edit_distance = $7,
                decided_by = $8, decided_at = $9, lease_owner = NULL, lease_until = NULL
                """, ct,
                Text(finalTitle), Text(finalBody), new NpgsqlParameter<bool> { TypedValue = edit.Changed }, NullableJsonb(diff),
                Numeric(edit.EditDistance), Text(actor), Time(now));
            await MirrorDraftStatusAsync(session, tenantId, draftId, ReviewStatus.Approved, ct);
            await RecordEventAsync(session, tenantId, draftId, edit.Changed ? "edited" : "approved", actor, null, null, diff, edit.EditDistance, ct);
            return null;
        }, ct);

    public Task<ReviewOutcome> RejectAsync(Guid tenantId, Guid draftId, string actor, string reason, string? comment, CancellationToken ct) =>
        ActAsync(tenantId, draftId, "review.reject", async (session, row, now) =>
        {
            if (Refuse(row, actor, now, "rejected") is { } refused)
            {
                return refused;
            }
            await UpdateAsync(session, tenantId, draftId, """
                status = 'rejected', reason_category = $3, comment = $4, decided_by = $5, decided_at = $6,
                lease_owner = NULL, lease_until = NULL
                """, ct, Text(reason), NullableText(comment), Text(actor), Time(now));
            await MirrorDraftStatusAsync(session, tenantId, draftId, ReviewStatus.Rejected, ct);
            await RecordEventAsync(session, tenantId, draftId, "rejected", actor, reason, comment, null, null, ct);
            return null;
        }, ct);

    /// <summary>
    /// Sets this draft aside and asks for a new one: a drafting job whose instructions carry the reviewer's
    /// feedback (and the rejection, when there was one). Allowed from review (with the lease) or after a rejection.
    /// </summary>
    public async Task<ReviewOutcome> RegenerateAsync(Guid tenantId, Guid draftId, string actor, string feedback, CancellationToken ct)
    {
        JobEnvelope? enqueued = null;
        var outcome = await ActAsync(tenantId, draftId, "review.regenerate", async (session, row, now) =>
        {
            if (row.Status != ReviewStatus.Rejected && Refuse(row, actor, now, "set aside for regeneration") is { } refused)
            {
                return refused;
            }
            var instructions = RegenerationInstructions.For(feedback, row.ReasonCategory, row.Comment);
            var job = await DraftJobs.EnqueueAsync(session, jobs, tenantId, row.Tier, row.ContentId, instructions, ct);
            await UpdateAsync(session, tenantId, draftId, """
                status = 'regeneration_requested', regeneration_job_id = $3, decided_by = $4, decided_at = $5,
                comment = coalesce(comment, $6), lease_owner = NULL, lease_until = NULL
                """, ct, Uuid(job.JobId), Text(actor), Time(now), Text(Truncate(feedback)));
            await MirrorDraftStatusAsync(session, tenantId, draftId, ReviewStatus.Rejected, ct);
            await RecordEventAsync(session, tenantId, draftId, "regeneration_requested", actor, row.ReasonCategory, Truncate(feedback), null, null, ct);
            enqueued = job;
            return null;
        }, ct);
        return outcome.Result == ReviewResult.Done ? outcome with { Job = enqueued } : outcome;
    }

    /// <summary>
    /// Makes an approved draft the content item's public version: its title and body are copied into the
    /// item, which becomes published at a new version with a new revision.
    /// </summary>
    public async Task<ReviewOutcome> PublishAsync(Guid tenantId, Guid draftId, string actor, CancellationToken ct)
    {
        ContentItem? content = null;
        var outcome = await ActAsync(tenantId, draftId, "review.publish", async (session, row, now) =>
        {
            if (row.Status != ReviewStatus.Approved)
            {
                return ReviewOutcome.Illegal(row.Status == ReviewStatus.Published
                    ? "This draft is already published."
                    : $"Only approved drafts can be published; this one is {row.Status}.");
            }
            content = await PublishedContent.WriteAsync(session, tenantId, row.ContentId, row.FinalTitle!, row.FinalBody!, actor, ct);
            if (content is null)
            {
                return ReviewOutcome.Illegal("The content item is archived or deleted; it cannot be published.");
            }
            await UpdateAsync(session, tenantId, draftId, "status = 'published', published_version = $3, published_at = $4", ct,
                Int(content.Version), Time(now));
            await RecordEventAsync(session, tenantId, draftId, "published", actor, null, null, null, null, ct);
            return null;
        }, ct);
        return outcome.Result == ReviewResult.Done ? outcome with { Content = content } : outcome;
    }

    internal static async Task MirrorDraftStatusAsync(TenantSession session, Guid tenantId, Guid draftId, string status, CancellationToken ct)
    {
        // drafts.status tells the drafts API where review got to; it has no "published" (an approved draft stays approved).
        await using var update = session.Command("UPDATE drafts SET status = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2");
        update.Parameters.Add(Uuid(tenantId));
        update.Parameters.Add(Uuid(draftId));
        update.Parameters.Add(Text(status == ReviewStatus.Published ? ReviewStatus.Approved : status));
        await update.ExecuteNonQueryAsync(ct);
    }

    internal static async Task RecordEventAsync(
        TenantSession session, Guid tenantId, Guid draftId, string action, string actor, string? reason, string? comment,
        string? diffJson, decimal? editDistance, CancellationToken ct)
    {
        await using var insert = session.Command("""
            INSERT INTO review_events (id, tenant_id, draft_id, action, actor, reason_category, comment, diff, edit_distance)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        insert.Parameters.Add(Uuid(Guid.CreateVersion7()));
        insert.Parameters.Add(Uuid(tenantId));
        insert.Parameters.Add(Uuid(draftId));
        insert.Parameters.Add(Text(action));
        insert.Parameters.Add(Text(actor));
        insert.Parameters.Add(NullableText(reason));
        insert.Parameters.Add(NullableText(comment));
        insert.Parameters.Add(NullableJsonb(diffJson));
        insert.Parameters.Add(new NpgsqlParameter { Value = editDistance is { } d ? d : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Approve, reject and regenerate need a draft in review whose lease the caller holds.</summary>
    private static ReviewOutcome? Refuse(ReviewRow row, string actor, DateTimeOffset now, string verb)
    {
        if (row.Status != ReviewStatus.InReview)
        {
            return ReviewOutcome.Illegal(row.Status == ReviewStatus.Approved && verb == "approved"
                ? "This draft is already approved."
                : $"Only drafts in review can be {verb}; this one is {row.Status}.");
        }
        if (row.HeldByOther(actor, now))
        {
            return ReviewOutcome.Lease($"{row.LeaseOwner} is working on this draft until {Iso(row.LeaseUntil!.Value)}.");
        }
        return row.HeldBy(actor, now) ? null : ReviewOutcome.Lease("Claim the draft first: reviewers act only on drafts they hold a lease on.");
    }

    private async Task<ReviewOutcome> ActAsync(
        Guid tenantId, Guid draftId, string operation, Func<TenantSession, ReviewRow, DateTimeOffset, Task<ReviewOutcome?>> action, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, operation, ct);
        var row = await ReviewRow.LockAsync(session, tenantId, draftId, ct);
        if (row is null)
        {
            return ReviewOutcome.NotFound;
        }
        var refused = await action(session, row, time.GetUtcNow());
        if (refused is not null)
        {
            return refused;
        }
        var detail = await DetailAsync(session, tenantId, draftId, ct);
        await session.CommitAsync(ct);
        return new ReviewOutcome(ReviewResult.Done, Review: detail, TenantSlug: row.TenantSlug);
    }

    private static async Task UpdateAsync(TenantSession session, Guid tenantId, Guid draftId, string set, CancellationToken ct, params NpgsqlParameter[] values)
    {
        await using var update = session.Command($"UPDATE draft_reviews SET {set}, updated_at = now() WHERE tenant_id = $1 AND id = $2");
        update.Parameters.Add(Uuid(tenantId));
        update.Parameters.Add(Uuid(draftId));
        update.Parameters.AddRange(values);
        await update.ExecuteNonQueryAsync(ct);
    }

    private async Task<ReviewDetail?> DetailAsync(TenantSession session, Guid tenantId, Guid draftId, CancellationToken ct) =>
        await ReviewDetailReader.ReadAsync(session, tenantId, draftId, time.GetUtcNow(), ct);

    private static string Truncate(string text) => text.Length > 2000 ? text[..2000] : text;

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) => new() { TypedValue = value };

    private static NpgsqlParameter<decimal> Numeric(decimal value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Numeric };
}
