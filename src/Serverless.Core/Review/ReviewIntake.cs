using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Serverless.Core.Data;
using Serverless.Core.Drafts;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Review;

/// <summary>
/// Where a newly stored draft goes: auto-approved when the tenant allows it and the combined confidence
/// reaches its threshold, into the review queue otherwise. It runs inside the transaction that stores the
/// draft, so no draft is ever stored without a place in review.
/// </summary>
public static class ReviewIntake
{
    public const string AutoApprover = "system:auto-approval";

    public static async Task EnterAsync(TenantSession session, Guid tenantId, Guid draftId, Guid contentId, GeneratedDraft draft, CancellationToken ct)
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
