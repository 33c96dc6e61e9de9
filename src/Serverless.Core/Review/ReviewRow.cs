using Npgsql;
using Serverless.Core.Data;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Review;

/// <summary>A draft's review state, locked for the rest of the transaction so two actions cannot interleave.</summary>
internal sealed record ReviewRow(
    string Status, string? LeaseOwner, DateTimeOffset? LeaseUntil, string DraftTitle, string DraftBody,
    string? FinalTitle, string? FinalBody, Guid ContentId, string? ReasonCategory, string? Comment, string TenantSlug, string Tier)
{
    public bool LeaseActive(DateTimeOffset now) => LeaseOwner is not null && LeaseUntil > now;

    public bool HeldBy(string actor, DateTimeOffset now) => LeaseActive(now) && LeaseOwner == actor;

    public bool HeldByOther(string actor, DateTimeOffset now) => LeaseActive(now) && LeaseOwner != actor;

    public static async Task<ReviewRow?> LockAsync(TenantSession session, Guid tenantId, Guid draftId, CancellationToken ct)
    {
        await using var select = session.Command("""
            SELECT r.status, r.lease_owner, r.lease_until, coalesce(d.title, ''), coalesce(d.body, ''), r.final_title, r.final_body,
                   r.content_id, r.reason_category, r.comment, t.slug, t.tier
              FROM draft_reviews r
              JOIN drafts d ON d.tenant_id = r.tenant_id AND d.id = r.id
              JOIN tenants t ON t.id = r.tenant_id
             WHERE r.tenant_id = $1 AND r.id = $2
               FOR UPDATE OF r
            """);
        select.Parameters.Add(Uuid(tenantId));
        select.Parameters.Add(Uuid(draftId));
        await using var r = await select.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }
        return new ReviewRow(
            r.GetString(0), NullableString(r, 1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2), r.GetString(3), r.GetString(4),
            NullableString(r, 5), NullableString(r, 6), r.GetGuid(7), NullableString(r, 8), NullableString(r, 9), r.GetString(10), r.GetString(11));
    }

    private static string? NullableString(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
