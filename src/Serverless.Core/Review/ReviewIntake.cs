using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Serverless.Core.Budgets;
using Serverless.Core.Data;
using Serverless.Core.Jobs;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Review;

/// <summary>
/// Where a new draft comes in: it is stored and goes on to its place, auto-approved when the tenant allows
/// it and the combined confidence reaches its threshold, into the review queue otherwise. Both happen in
/// the transaction that marks the drafting job done, so no draft is ever stored without a place in review.
/// </summary>
public sealed class ReviewIntake(Databases databases)
{
    public const string AutoApprover = "system:auto-approval";

    /// <summary>
    /// Stores a generated (or failed) draft, gives it its place in review and marks its job succeeded, all in
    /// one transaction; a job owns one draft only, so a job that runs twice still leaves exactly one.
    /// </summary>
    /// <param name="settlements">The job's model calls' settlements, committed in the same transaction (last, as
    /// their period-row locks are held until the commit).</param>
    /// <returns>The draft's id (the new one, or the one this job stored before) and the job's result JSON.</returns>
    public async Task<StoredDraft> StoreDraftAsync(
        Guid tenantId, Guid contentId, Guid jobId, GeneratedDraft draft, PendingSettlements? settlements, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "drafts.save", ct);
        await using var insert = session.Command("""
            INSERT INTO drafts (id, tenant_id, content_id, job_id, status, title, body, output, failure_reason, repaired,
                                prompt_key, prompt_version, provider, model, input_tokens, output_tokens, latency_ms, confidence)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            ON CONFLICT (job_id) DO NOTHING
            RETURNING id
            """);
        insert.Parameters.Add(Uuid(Guid.CreateVersion7()));
        insert.Parameters.Add(Uuid(tenantId));
        insert.Parameters.Add(Uuid(contentId));
        insert.Parameters.Add(Uuid(jobId));
        insert.Parameters.Add(Text(draft.Status));
        insert.Parameters.Add(NullableText(draft.Title));
        insert.Parameters.Add(NullableText(draft.Body));
        insert.Parameters.Add(NullableJsonb(draft.OutputJson));
        insert.Parameters.Add(NullableText(draft.FailureReason));
        insert.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = draft.Repaired });
        insert.Parameters.Add(Text(draft.PromptKey));
        insert.Parameters.Add(Int(draft.PromptVersion));
        insert.Parameters.Add(Text(draft.Provider));
        insert.Parameters.Add(Text(draft.Model));
        insert.Parameters.Add(Int(draft.InputTokens));
        insert.Parameters.Add(Int(draft.OutputTokens));
        insert.Parameters.Add(Int(draft.LatencyMs));
        insert.Parameters.Add(new NpgsqlParameter { Value = draft.Confidence is { } c ? c : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric });
        var id = await insert.ExecuteScalarAsync(ct) as Guid?;
        if (id is not null)
        {
            // A new draft takes its place in review (auto-approved or queued) in this same transaction.
            await EnterAsync(session, tenantId, id.Value, contentId, draft, ct);
        }
        else
        {
            await using var existing = session.Command("SELECT id FROM drafts WHERE tenant_id = $1 AND job_id = $2");
            existing.Parameters.Add(Uuid(tenantId));
            existing.Parameters.Add(Uuid(jobId));
            id = (Guid)(await existing.ExecuteScalarAsync(ct))!;
        }
        var result = DraftJobs.ResultJson(id.Value, draft.Status);
        // The job's success and its model calls' settlements in one round trip, last before the commit.
        var settled = await BudgetLedger.SettleWithinAsync(session, tenantId, settlements, JobStore.CompleteCommand(tenantId, jobId, result), ct);
        await session.CommitAsync(ct);
        settlements?.Settled(settled);
        return new StoredDraft(id.Value, result);
    }

    private static async Task EnterAsync(TenantSession session, Guid tenantId, Guid draftId, Guid contentId, GeneratedDraft draft, CancellationToken ct)
    {
        if (draft.Status != DraftStatus.Generated)
        {
            return;
        }
        string? settingsJson;
        await using (var select = session.Command("SELECT settings::text FROM tenants WHERE id = $1"))
        {
            select.Parameters.Add(Uuid(tenantId));
            settingsJson = await select.ExecuteScalarAsync(ct) as string;
        }
        var settings = ReviewSettings.FromTenantSettings(settingsJson);
        var (score, signals) = Confidence.Combine(draft.Confidence, draft.Title, draft.Body, settings);
        var auto = Confidence.AutoApproves(score, settings);

        await using (var insert = session.Command("""
            INSERT INTO draft_reviews (id, tenant_id, content_id, prompt_key, prompt_version, status, confidence, signals,
                                       auto_approved, final_title, final_body, edited, edit_distance, decided_by, decided_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
                    CASE WHEN $9 THEN $10 END, CASE WHEN $9 THEN $11 END, CASE WHEN $9 THEN false END,
                    CASE WHEN $9 THEN 0 END, CASE WHEN $9 THEN $12 END, CASE WHEN $9 THEN now() END)
            ON CONFLICT (id) DO NOTHING
            """))
        {
            insert.Parameters.Add(Uuid(draftId));
            insert.Parameters.Add(Uuid(tenantId));
            insert.Parameters.Add(Uuid(contentId));
            insert.Parameters.Add(Text(draft.PromptKey));
            insert.Parameters.Add(Int(draft.PromptVersion));
            insert.Parameters.Add(Text(auto ? ReviewStatus.Approved : ReviewStatus.InReview));
            insert.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = score, NpgsqlDbType = NpgsqlDbType.Numeric });
            insert.Parameters.Add(Jsonb(JsonSerializer.Serialize(signals, ReviewJsonContext.Default.ConfidenceSignals)));
            insert.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = auto });
            insert.Parameters.Add(Text(draft.Title ?? ""));
            insert.Parameters.Add(Text(draft.Body ?? ""));
            insert.Parameters.Add(Text(AutoApprover));
            if (await insert.ExecuteNonQueryAsync(ct) == 0)
            {
                return;
            }
        }
        await ReviewStore.MirrorDraftStatusAsync(session, tenantId, draftId, auto ? ReviewStatus.Approved : ReviewStatus.InReview, ct);
        if (auto)
        {
            await ReviewStore.RecordEventAsync(session, tenantId, draftId, "auto_approved", AutoApprover, null, null, null, 0m, ct);
        }
    }
}
