using Npgsql;
using NpgsqlTypes;
using Serverless.Core.Data;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Review;

/// <summary>
/// Reads one page of the queue with keyset paging: each order's key columns compared as a row with the
/// cursor's values, so a page never skips or repeats a draft however many come before it.
/// </summary>
internal static class ReviewQueueReader
{
    // Per order: the ORDER BY and the row comparison that continues after the cursor ($5 confidence,
    // $6 type, $7 created_at, $8 id). Fixed text, never built from input.
    private static readonly Dictionary<string, (string OrderBy, string After)> Orders = new(StringComparer.Ordinal)
    {
        [ReviewSort.Confidence] = ("r.confidence, r.created_at, r.id", "(r.confidence, r.created_at, r.id) > ($5, $7, $8)"),
        [ReviewSort.Oldest] = ("r.created_at, r.id", "(r.created_at, r.id) > ($7, $8)"),
        [ReviewSort.Newest] = ("r.created_at DESC, r.id DESC", "(r.created_at, r.id) < ($7, $8)"),
        [ReviewSort.Type] = ("c.type, r.confidence, r.created_at, r.id", "(c.type, r.confidence, r.created_at, r.id) > ($6, $5, $7, $8)"),
    };

    public static async Task<ReviewPage> ReadAsync(TenantSession session, Guid tenantId, ReviewQuery query, DateTimeOffset now, CancellationToken ct)
    {
        var (orderBy, after) = Orders[query.Sort];
        var limit = Math.Clamp(query.Limit, 1, ReviewStore.MaxPage);
        await using var select = session.Command($"""
            SELECT r.id, r.content_id, c.type, c.title, c.slug, c.locale, r.status, r.confidence, (r.signals->>'modelScore')::numeric,
                   r.prompt_key, r.prompt_version, d.title, r.auto_approved,
                   CASE WHEN r.lease_until > $4 THEN r.lease_owner END, CASE WHEN r.lease_until > $4 THEN r.lease_until END,
                   p.id, r.created_at
              FROM draft_reviews r
              JOIN drafts d ON d.tenant_id = r.tenant_id AND d.id = r.id
              JOIN content_items c ON c.tenant_id = r.tenant_id AND c.id = r.content_id AND c.deleted_at IS NULL
              LEFT JOIN draft_reviews p ON p.tenant_id = r.tenant_id AND p.regeneration_job_id = d.job_id
             WHERE r.tenant_id = $1 AND r.status = $2
               AND ($9::text IS NULL OR c.type = $9)
               AND ($10::text IS NULL OR c.locale = $10)
               AND ($11::text IS NULL OR c.title ILIKE $11 ESCAPE '\' OR d.title ILIKE $11 ESCAPE '\')
               AND ($8::uuid IS NULL OR {after})
             ORDER BY {orderBy}
             LIMIT $3
            """);
        var cursor = query.After;
        select.Parameters.Add(Uuid(tenantId));
        select.Parameters.Add(Text(query.Status));
        // One more than asked for says whether another page follows.
        select.Parameters.Add(Int(limit + 1));
        select.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        select.Parameters.Add(new NpgsqlParameter { Value = cursor is null ? DBNull.Value : cursor.Confidence, NpgsqlDbType = NpgsqlDbType.Numeric });
        select.Parameters.Add(NullableText(cursor?.Type));
        select.Parameters.Add(new NpgsqlParameter { Value = cursor is null ? DBNull.Value : cursor.CreatedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        select.Parameters.Add(new NpgsqlParameter { Value = cursor is null ? DBNull.Value : cursor.DraftId, NpgsqlDbType = NpgsqlDbType.Uuid });
        select.Parameters.Add(NullableText(query.Type));
        select.Parameters.Add(NullableText(query.Locale));
        select.Parameters.Add(NullableText(query.Search is { Length: > 0 } words ? $"%{Escape(words)}%" : null));

        var items = new List<ReviewQueueItem>();
        await using (var r = await select.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                items.Add(new ReviewQueueItem(
                    r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
                    r.GetDecimal(7), r.IsDBNull(8) ? null : r.GetDecimal(8), r.GetString(9), r.GetInt32(10),
                    r.IsDBNull(11) ? null : r.GetString(11), r.GetBoolean(12), r.IsDBNull(13) ? null : r.GetString(13),
                    r.IsDBNull(14) ? null : r.GetFieldValue<DateTimeOffset>(14), r.IsDBNull(15) ? null : r.GetGuid(15),
                    r.GetFieldValue<DateTimeOffset>(16)));
            }
        }
        if (items.Count <= limit)
        {
            return new ReviewPage(items, null);
        }
        items.RemoveAt(limit);
        return new ReviewPage(items, ReviewCursor.After(query.Sort, items[^1]).Encode());
    }

    /// <summary>The search words match literally: LIKE's wildcards in them are escaped.</summary>
    private static string Escape(string words) =>
        words.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
