using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Serverless.Core.Content;
using Serverless.Core.Data;

namespace Serverless.Core.PublicContent;

/// <summary>
/// Reads for anonymous end users. The tenant is found by slug through <c>resolve_public_tenant</c>
/// (the application cannot list tenants), then everything is read in a session for that tenant.
/// Only <c>status = 'published'</c> rows are ever selected: this query is the wall that keeps drafts,
/// items in review, approved-but-unpublished and archived items off the public path.
/// </summary>
public sealed class PublishedContentReader(Databases databases)
{
    public async Task<Guid?> ResolveTenantAsync(string tenantSlug, DataSourceKind source, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var opened = await databases.OpenAsync(source, ct);
            try
            {
                await using var command = new NpgsqlCommand("SELECT resolve_public_tenant($1)", opened.Connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantSlug });
                return await command.ExecuteScalarAsync(ct) is Guid id ? id : null;
            }
            catch (Exception e) when (attempt == 1 && opened.Source == DataSourceKind.Replica && ReplicaFallback.IsReplicaDown(e) && !ct.IsCancellationRequested)
            {
                databases.ClearPoolIfStale(DataSourceKind.Replica, e);
                // A pooled connection that died with (or since a restart of) the replica: ask again on a fresh
                // one; a replica that does not answer that opens the breaker (Databases.OpenAsync).
            }
        }
    }

    /// <returns>The settings and the item in <paramref name="locale"/> (or, failing that, the tenant's
    /// default locale); null when the tenant does not exist.</returns>
    public async Task<PublishedLookup?> FindAsync(
        Guid tenantId, string type, string slug, string? locale, DataSourceKind source, CancellationToken ct)
    {
        return await TenantSession.OnceAsync<PublishedLookup?>(databases, source, tenantId, "public.content", FindSql,
            p =>
            {
                p.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
                p.Add(new NpgsqlParameter<string> { TypedValue = type });
                p.Add(new NpgsqlParameter<string> { TypedValue = slug });
                p.Add(new NpgsqlParameter { Value = (object?)locale ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                p.Add(new NpgsqlParameter<string> { TypedValue = PublicSettings.FallbackLocale });
            },
            async (reader, token) =>
            {
                if (!await reader.ReadAsync(token))
                {
                    return null;
                }
                var settings = PublicSettings.FromJson(reader.GetString(0));
                var readAt = reader.GetFieldValue<NpgsqlLogSequenceNumber>(1);
                var item = reader.IsDBNull(2) ? null : new ContentItem(
                    reader.GetGuid(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                    reader.GetString(7), reader.GetString(8), ParseJson(reader.GetString(9)), reader.GetInt32(10),
                    reader.GetFieldValue<DateTimeOffset>(11), reader.GetFieldValue<DateTimeOffset>(12));
                return new PublishedLookup(settings, item, readAt);
            },
            ct);
    }

    // One statement, sent with the tenant prelude in one round trip (TenantSession.OnceAsync).
    private const string FindSql = """
            SELECT t.settings::text,
                   CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END,
                   c.id, c.type, c.slug, c.locale, c.status, c.title, c.body, c.attributes::text, c.version, c.created_at, c.updated_at
              FROM tenants t
              LEFT JOIN LATERAL (
                    SELECT i.*
                      FROM content_items i
                     WHERE i.tenant_id = t.id AND t.suspended_at IS NULL AND i.type = $2 AND i.slug = $3 AND i.status = 'published' AND i.deleted_at IS NULL
                       AND i.locale IN (COALESCE($4, t.settings->>'defaultLocale', $5), COALESCE(t.settings->>'defaultLocale', $5))
                     ORDER BY i.locale = COALESCE($4, t.settings->>'defaultLocale', $5) DESC
                     LIMIT 1) c ON true
             WHERE t.id = $1
            """;

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
