using Serverless.Core.Data;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Review;

/// <summary>Per prompt version, within one tenant: acceptance, edit distance and why drafts were rejected.</summary>
public sealed class PromptStatsReader(Databases databases)
{
    /// <returns>The statistics, or null when no such prompt version exists.</returns>
    public async Task<PromptVersionStats?> ReadAsync(Guid tenantId, string key, int version, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "prompts.stats", ct);
        await using (var exists = session.Command("SELECT 1 FROM prompt_versions WHERE key = $1 AND version = $2"))
        {
            exists.Parameters.Add(Text(key));
            exists.Parameters.Add(Int(version));
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                return null;
            }
        }

        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int rejections = 0;
        await using (var select = session.Command("""
            SELECT e.reason_category, count(*)::int
              FROM review_events e JOIN draft_reviews r ON r.tenant_id = e.tenant_id AND r.id = e.draft_id
             WHERE e.tenant_id = $1 AND r.prompt_key = $2 AND r.prompt_version = $3 AND e.action = 'rejected'
             GROUP BY e.reason_category
            """))
        {
            select.Parameters.Add(Uuid(tenantId));
            select.Parameters.Add(Text(key));
            select.Parameters.Add(Int(version));
            await using var r = await select.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                reasons[r.IsDBNull(0) ? "unspecified" : r.GetString(0)] = r.GetInt32(1);
                rejections += r.GetInt32(1);
            }
        }

        await using var totals = session.Command("""
            SELECT count(*)::int,
                   count(*) FILTER (WHERE status = 'in_review')::int,
                   count(*) FILTER (WHERE status <> 'in_review')::int,
                   count(*) FILTER (WHERE status IN ('approved', 'published'))::int,
                   count(*) FILTER (WHERE auto_approved)::int,
                   count(*) FILTER (WHERE edited AND status IN ('approved', 'published'))::int,
                   count(*) FILTER (WHERE status = 'regeneration_requested')::int,
                   count(*) FILTER (WHERE status = 'published')::int,
                   round(avg(edit_distance) FILTER (WHERE status = 'published'), 4),
                   round(avg(edit_distance) FILTER (WHERE status IN ('approved', 'published')), 4)
              FROM draft_reviews
             WHERE tenant_id = $1 AND prompt_key = $2 AND prompt_version = $3
            """);
        totals.Parameters.Add(Uuid(tenantId));
        totals.Parameters.Add(Text(key));
        totals.Parameters.Add(Int(version));
        PromptVersionStats stats;
        await using (var t = await totals.ExecuteReaderAsync(ct))
        {
            await t.ReadAsync(ct);
            var decided = t.GetInt32(2);
            var accepted = t.GetInt32(3);
            stats = new PromptVersionStats(
                key, version, t.GetInt32(0), t.GetInt32(1), decided, accepted, t.GetInt32(4), t.GetInt32(5), rejections,
                t.GetInt32(6), t.GetInt32(7),
                decided == 0 ? null : Math.Round((decimal)accepted / decided, 4, MidpointRounding.AwayFromZero),
                t.IsDBNull(8) ? null : t.GetDecimal(8), t.IsDBNull(9) ? null : t.GetDecimal(9), reasons);
        }
        await session.CommitAsync(ct);
        return stats;
    }
}
