using System.Text.Json;
using Npgsql;
using Serverless.Core.Data;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Review;

/// <summary>Reads the item view (draft, source, review state, history) inside a tenant session.</summary>
internal static class ReviewDetailReader
{
    public static async Task<ReviewDetail?> ReadAsync(TenantSession session, Guid tenantId, Guid draftId, DateTimeOffset now, CancellationToken ct)
    {
        var history = new List<ReviewEvent>();
        await using (var events = session.Command("""
            SELECT action, actor, reason_category, comment, edit_distance, created_at
              FROM review_events WHERE tenant_id = $1 AND draft_id = $2 ORDER BY created_at, id
            """))
        {
            events.Parameters.Add(Uuid(tenantId));
            events.Parameters.Add(Uuid(draftId));
            await using var e = await events.ExecuteReaderAsync(ct);
            while (await e.ReadAsync(ct))
            {
                history.Add(new ReviewEvent(
                    e.GetString(0), e.GetString(1), Str(e, 2), Str(e, 3), e.IsDBNull(4) ? null : e.GetDecimal(4), e.GetFieldValue<DateTimeOffset>(5)));
            }
        }

        await using var select = session.Command("""
            SELECT r.id, r.status, r.confidence, r.signals::text, r.auto_approved, r.prompt_key, r.prompt_version,
                   d.provider, d.model, coalesce(d.title, ''), coalesce(d.body, ''),
                   c.id, c.type, c.slug, c.locale, c.status, coalesce(v.title, c.title), coalesce(v.body, c.body), j.payload->>'instructions',
                   CASE WHEN r.lease_until > $3 THEN r.lease_owner END, CASE WHEN r.lease_until > $3 THEN r.lease_until END,
                   r.final_title, r.final_body, r.diff::text, r.reason_category, r.comment, r.decided_by, r.decided_at,
                   r.regeneration_job_id, r.published_version, r.created_at, v.version, c.version, p.id, n.id
              FROM draft_reviews r
              JOIN drafts d ON d.tenant_id = r.tenant_id AND d.id = r.id
              JOIN content_items c ON c.tenant_id = r.tenant_id AND c.id = r.content_id AND c.deleted_at IS NULL
              LEFT JOIN jobs j ON j.tenant_id = r.tenant_id AND j.id = d.job_id
              -- The item as it was when the draft was asked for: publishing overwrites the item's title and
              -- body, and the reviewer must still see the notes the draft was made from.
              LEFT JOIN LATERAL (
                  SELECT cr.version, cr.title, cr.body FROM content_revisions cr
                   WHERE cr.tenant_id = r.tenant_id AND cr.content_id = r.content_id AND cr.created_at <= coalesce(j.created_at, d.created_at)
                   ORDER BY cr.version DESC LIMIT 1) v ON true
              -- The draft this one was regenerated from, and the one regenerated from this.
              LEFT JOIN draft_reviews p ON p.tenant_id = r.tenant_id AND p.regeneration_job_id = d.job_id
              LEFT JOIN drafts n ON n.tenant_id = r.tenant_id AND r.regeneration_job_id IS NOT NULL AND n.job_id = r.regeneration_job_id
             WHERE r.tenant_id = $1 AND r.id = $2
            """);
        select.Parameters.Add(Uuid(tenantId));
        select.Parameters.Add(Uuid(draftId));
        select.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await using var r = await select.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }
        var signals = JsonSerializer.Deserialize(r.GetString(3), ReviewJsonContext.Default.ConfidenceSignals)!;
        var edit = r.IsDBNull(23) ? null : JsonSerializer.Deserialize(r.GetString(23), ReviewJsonContext.Default.DraftEdit);
        var source = new ReviewSource(
            r.GetGuid(11), r.GetString(12), r.GetString(13), r.GetString(14), r.GetString(15), r.GetString(16), r.GetString(17), Str(r, 18),
            r.IsDBNull(31) ? null : r.GetInt32(31), r.GetInt32(32));
        return new ReviewDetail(
            r.GetGuid(0), r.GetString(1), r.GetDecimal(2), signals, r.GetBoolean(4), r.GetString(5), r.GetInt32(6),
            r.GetString(7), r.GetString(8), r.GetString(9), r.GetString(10), source,
            Str(r, 19), r.IsDBNull(20) ? null : r.GetFieldValue<DateTimeOffset>(20),
            Str(r, 21), Str(r, 22), edit, Str(r, 24), Str(r, 25), Str(r, 26),
            r.IsDBNull(27) ? null : r.GetFieldValue<DateTimeOffset>(27),
            r.IsDBNull(28) ? null : r.GetGuid(28), r.IsDBNull(29) ? null : r.GetInt32(29),
            r.GetFieldValue<DateTimeOffset>(30), r.IsDBNull(33) ? null : r.GetGuid(33), r.IsDBNull(34) ? null : r.GetGuid(34), history);
    }

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
