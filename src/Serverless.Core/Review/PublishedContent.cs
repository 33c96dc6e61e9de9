using System.Text.Json;
using Npgsql;
using Serverless.Core.Content;
using Serverless.Core.Data;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Review;

/// <summary>
/// Writes an approved draft into its content item as the public version, the way the content API's own
/// update does (new version, new revision), inside the review's transaction.
/// </summary>
internal static class PublishedContent
{
    private const string Columns = "id, type, slug, locale, status, title, body, attributes, version, created_at, updated_at";

    /// <returns>The item as published, or null when it is archived.</returns>
    public static async Task<ContentItem?> WriteAsync(
        TenantSession session, Guid tenantId, Guid contentId, string title, string body, string actor, CancellationToken ct)
    {
        ContentItem? item = null;
        await using (var update = session.Command($"""
            UPDATE content_items SET status = 'published', title = $3, body = $4, version = version + 1, updated_at = now()
             WHERE tenant_id = $1 AND id = $2 AND status <> 'archived'
            RETURNING {Columns}
            """))
        {
            update.Parameters.Add(Uuid(tenantId));
            update.Parameters.Add(Uuid(contentId));
            update.Parameters.Add(Text(title));
            update.Parameters.Add(Text(body));
            await using var r = await update.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
            {
                using var attributes = JsonDocument.Parse(r.GetString(7));
                item = new ContentItem(
                    r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
                    attributes.RootElement.Clone(), r.GetInt32(8), r.GetFieldValue<DateTimeOffset>(9), r.GetFieldValue<DateTimeOffset>(10));
            }
        }
        if (item is null)
        {
            return null;
        }
        await using var revision = session.Command("""
            INSERT INTO content_revisions (id, tenant_id, content_id, version, status, title, body, attributes, actor)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        revision.Parameters.Add(Uuid(Guid.CreateVersion7()));
        revision.Parameters.Add(Uuid(tenantId));
        revision.Parameters.Add(Uuid(item.Id));
        revision.Parameters.Add(Int(item.Version));
        revision.Parameters.Add(Text(item.Status));
        revision.Parameters.Add(Text(item.Title));
        revision.Parameters.Add(Text(item.Body));
        revision.Parameters.Add(Jsonb(item.Attributes.GetRawText()));
        revision.Parameters.Add(Text(actor));
        await revision.ExecuteNonQueryAsync(ct);
        return item;
    }
}
