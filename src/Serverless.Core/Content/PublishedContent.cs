using Serverless.Core.Data;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Content;

/// <summary>
/// Writes an approved draft into its content item as the public version, the way the content API's own
/// update does (new version, new revision), inside the review's transaction.
/// </summary>
internal static class PublishedContent
{
    /// <returns>The item as published, or null when it is archived.</returns>
    public static async Task<ContentItem?> WriteAsync(
        TenantSession session, Guid tenantId, Guid contentId, string title, string body, string actor, CancellationToken ct)
    {
        ContentItem? item = null;
        await using (var update = session.Command($"""
            UPDATE content_items SET status = 'published', title = $3, body = $4, version = version + 1, updated_at = now()
             WHERE tenant_id = $1 AND id = $2 AND status <> 'archived' AND deleted_at IS NULL
            RETURNING {ContentStore.Columns}
            """))
        {
            update.Parameters.Add(Uuid(tenantId));
            update.Parameters.Add(Uuid(contentId));
            update.Parameters.Add(Text(title));
            update.Parameters.Add(Text(body));
            await using var r = await update.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
            {
                item = ContentStore.Read(r);
            }
        }
        if (item is not null)
        {
            await ContentStore.AppendRevisionAsync(session, tenantId, item, actor, ct);
        }
        return item;
    }
}
