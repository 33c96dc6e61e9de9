using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Serverless.Core.Data;
using Serverless.Core.Schemas;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Content;

/// <summary>
/// Content items and their history. Every statement names the tenant in SQL, and the session sets
/// it for row-level security as well: two walls, either of which keeps tenants apart.
/// Writes and fresh reads go to the primary; lists and history to the replica.
/// </summary>
public sealed class ContentStore(Databases databases, AttributeSchemas schemas)
{
    internal const string Columns = "id, type, slug, locale, status, title, body, attributes, version, created_at, updated_at, schema_version";

    public ContentStore(Databases databases)
        : this(databases, new AttributeSchemas())
    {
    }

    public async Task<WriteOutcome> CreateAsync(Guid tenantId, string actor, NewContent item, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "content.create", ct);
        var check = await schemas.CheckAsync(session, tenantId, item.Type, item.SchemaVersion, item.AttributesJson, ct);
        if (!check.IsValid)
        {
            return new WriteOutcome(WriteStatus.Invalid) { Errors = check.Errors };
        }
        // The item and its first revision in one statement (one round trip); the revision's foreign key is
        // checked at the statement's end, when the item is there.
        await using var insert = session.Command($"""
            WITH item AS (
                INSERT INTO content_items (id, tenant_id, type, slug, locale, status, title, body, attributes, schema_version)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (tenant_id, type, slug, locale) WHERE deleted_at IS NULL DO NOTHING
                RETURNING {Columns}
            ), revision AS (
                INSERT INTO content_revisions (id, tenant_id, content_id, version, status, title, body, attributes, actor, schema_version)
                SELECT $11, $2, id, version, status, title, body, attributes, $12, schema_version FROM item
            )
            SELECT {Columns} FROM item
            """);
        insert.Parameters.Add(Uuid(Guid.CreateVersion7()));
        insert.Parameters.Add(Uuid(tenantId));
        insert.Parameters.Add(Text(item.Type));
        insert.Parameters.Add(Text(item.Slug));
        insert.Parameters.Add(Text(item.Locale));
        insert.Parameters.Add(Text(item.Status));
        insert.Parameters.Add(Text(item.Title));
        insert.Parameters.Add(Text(item.Body));
        insert.Parameters.Add(Jsonb(check.AttributesJson));
        insert.Parameters.Add(NullableInt(check.SchemaVersion));
        insert.Parameters.Add(Uuid(Guid.CreateVersion7()));
        insert.Parameters.Add(Text(actor));
        var created = await ReadOneAsync(insert, ct);
        if (created is null)
        {
            return WriteOutcome.Duplicate;
        }
        await session.CommitAsync(ct);
        return new WriteOutcome(WriteStatus.Done, created);
    }

    public Task<ContentItem?> GetAsync(Guid tenantId, Guid id, DataSourceKind source, CancellationToken ct) =>
        TenantSession.OnceAsync<ContentItem?>(databases, source, tenantId, "content.get",
            $"SELECT {Columns} FROM content_items WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL",
            p =>
            {
                p.Add(Uuid(tenantId));
                p.Add(Uuid(id));
            },
            async (reader, token) => await reader.ReadAsync(token) ? Read(reader) : null,
            ct);

    public Task<ContentPage> ListAsync(Guid tenantId, ContentQuery query, CancellationToken ct) =>
        ListAsync(tenantId, query, DataSourceKind.Replica, ct);

    /// <param name="source">The replica, or the primary when the caller must see a write the replica may lack.</param>
    public async Task<ContentPage> ListAsync(Guid tenantId, ContentQuery query, DataSourceKind source, CancellationToken ct)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM content_items WHERE tenant_id = $1 AND deleted_at IS NULL");
        var parameters = new List<NpgsqlParameter> { Uuid(tenantId) };
        void Filter(string column, string? value)
        {
            if (value is not null)
            {
                parameters.Add(Text(value));
                sql.Append($" AND {column} = ${parameters.Count}");
            }
        }
        Filter("type", query.Type);
        Filter("status", query.Status);
        Filter("locale", query.Locale);
        if (query.Search is { } search)
        {
            // The same expression as the content_items_search index (0151).
            parameters.Add(Text(search));
            sql.Append($" AND to_tsvector('simple', title || ' ' || body) @@ websearch_to_tsquery('simple', ${parameters.Count})");
        }
        if (query.AttributesContain is { } contain)
        {
            // Containment is what the GIN index (jsonb_path_ops) on attributes serves.
            parameters.Add(Jsonb(contain));
            sql.Append($" AND attributes @> ${parameters.Count}");
        }
        if (query.After is { } after)
        {
            parameters.Add(Uuid(after));
            sql.Append($" AND id < ${parameters.Count}");
        }
        parameters.Add(Int(query.Limit + 1));
        sql.Append($" ORDER BY id DESC LIMIT ${parameters.Count}");

        var items = await TenantSession.OnceAsync(databases, source, tenantId, "content.list", sql.ToString(),
            p =>
            {
                // A retry binds again: parameters belong to one command, so each attempt gets copies.
                foreach (var parameter in parameters)
                {
                    p.Add(parameter.Clone());
                }
            },
            async (reader, token) =>
            {
                var found = new List<ContentItem>(query.Limit + 1);
                while (await reader.ReadAsync(token))
                {
                    found.Add(Read(reader));
                }
                return found;
            },
            ct);
        Guid? next = null;
        if (items.Count > query.Limit)
        {
            items.RemoveAt(items.Count - 1);
            next = items[^1].Id;
        }
        return new ContentPage(items, next);
    }

    public async Task<WriteOutcome> UpdateAsync(
        Guid tenantId, string actor, Guid id, int expectedVersion, ContentChanges changes, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "content.update", ct);
        await using var current = session.Command("SELECT type FROM content_items WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL");
        current.Parameters.Add(Uuid(tenantId));
        current.Parameters.Add(Uuid(id));
        if (await current.ExecuteScalarAsync(ct) is not string type)
        {
            return WriteOutcome.NotFound;
        }
        var check = await schemas.CheckAsync(session, tenantId, type, changes.SchemaVersion, changes.AttributesJson, ct);
        if (!check.IsValid)
        {
            return new WriteOutcome(WriteStatus.Invalid) { Errors = check.Errors };
        }
        await using var update = session.Command($"""
            UPDATE content_items
               SET status = $4, title = $5, body = $6, attributes = $7, schema_version = $8, version = version + 1, updated_at = now()
             WHERE tenant_id = $1 AND id = $2 AND version = $3 AND status <> 'archived' AND deleted_at IS NULL
            RETURNING {Columns}
            """);
        update.Parameters.Add(Uuid(tenantId));
        update.Parameters.Add(Uuid(id));
        update.Parameters.Add(Int(expectedVersion));
        update.Parameters.Add(Text(changes.Status));
        update.Parameters.Add(Text(changes.Title));
        update.Parameters.Add(Text(changes.Body));
        update.Parameters.Add(Jsonb(check.AttributesJson));
        update.Parameters.Add(NullableInt(check.SchemaVersion));
        var updated = await ReadOneAsync(update, ct);
        if (updated is null)
        {
            return await WhyNotAsync(session, tenantId, id, ct);
        }
        await AppendRevisionAsync(session, tenantId, updated, actor, ct);
        await session.CommitAsync(ct);
        return new WriteOutcome(WriteStatus.Done, updated);
    }

    /// <summary>Archives an item (it leaves every public view). Archiving an archived item changes nothing.</summary>
    public async Task<WriteOutcome> ArchiveAsync(Guid tenantId, string actor, Guid id, int? expectedVersion, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "content.archive", ct);
        await using var update = session.Command($"""
            UPDATE content_items SET status = 'archived', version = version + 1, updated_at = now()
             WHERE tenant_id = $1 AND id = $2 AND status <> 'archived' AND deleted_at IS NULL AND ($3::integer IS NULL OR version = $3)
            RETURNING {Columns}
            """);
        update.Parameters.Add(Uuid(tenantId));
        update.Parameters.Add(Uuid(id));
        update.Parameters.Add(NullableInt(expectedVersion));
        var archived = await ReadOneAsync(update, ct);
        if (archived is null)
        {
            var why = await WhyNotAsync(session, tenantId, id, ct);
            // Already archived and no conflicting expectation: the caller's wish holds.
            return why.Status == WriteStatus.Archived && (expectedVersion is null || expectedVersion == why.Item!.Version)
                ? new WriteOutcome(WriteStatus.Done, why.Item)
                : why;
        }
        await AppendRevisionAsync(session, tenantId, archived, actor, ct);
        await session.CommitAsync(ct);
        return new WriteOutcome(WriteStatus.Done, archived);
    }

    /// <summary>
    /// Soft-deletes an item: it leaves every tenant and public view and its natural key is free again, while
    /// the row and its history stay, ending in a "deleted" revision with the actor. Returns the item as it
    /// was when deleted (at its new version), so the caller can invalidate its public copies.
    /// </summary>
    public async Task<WriteOutcome> DeleteAsync(Guid tenantId, string actor, Guid id, int? expectedVersion, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "content.delete", ct);
        await using var update = session.Command($"""
            UPDATE content_items SET deleted_at = now(), version = version + 1, updated_at = now()
             WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL AND ($3::integer IS NULL OR version = $3)
            RETURNING {Columns}
            """);
        update.Parameters.Add(Uuid(tenantId));
        update.Parameters.Add(Uuid(id));
        update.Parameters.Add(NullableInt(expectedVersion));
        var deleted = await ReadOneAsync(update, ct);
        if (deleted is null)
        {
            var why = await WhyNotAsync(session, tenantId, id, ct);
            return why.Status == WriteStatus.NotFound ? why : new WriteOutcome(WriteStatus.VersionConflict, why.Item);
        }
        await AppendRevisionAsync(session, tenantId, deleted with { Status = DeletedStatus }, actor, ct);
        await session.CommitAsync(ct);
        return new WriteOutcome(WriteStatus.Done, deleted);
    }

    /// <summary>The status a deletion's revision records (an item's own status never takes it).</summary>
    public const string DeletedStatus = "deleted";

    /// <returns>The item's history, newest first, or null when the tenant has no such item.</returns>
    public async Task<IReadOnlyList<ContentRevision>?> ListRevisionsAsync(Guid tenantId, Guid id, DataSourceKind source, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, source, tenantId, "content.revisions", ct);
        await using var select = session.Command("""
            SELECT r.version, r.status, r.title, r.body, r.attributes, r.actor, r.created_at
              FROM content_items c
              LEFT JOIN content_revisions r ON r.tenant_id = c.tenant_id AND r.content_id = c.id
             WHERE c.tenant_id = $1 AND c.id = $2 AND c.deleted_at IS NULL
             ORDER BY r.version DESC
            """);
        select.Parameters.Add(Uuid(tenantId));
        select.Parameters.Add(Uuid(id));
        List<ContentRevision>? revisions = null;
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                revisions ??= [];
                if (!reader.IsDBNull(0))
                {
                    revisions.Add(new ContentRevision(
                        reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                        ParseJson(reader.GetString(4)), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6)));
                }
            }
        }
        await session.CommitAsync(ct);
        return revisions;
    }

    private static async Task<WriteOutcome> WhyNotAsync(TenantSession session, Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var select = session.Command($"SELECT {Columns} FROM content_items WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL");
        select.Parameters.Add(Uuid(tenantId));
        select.Parameters.Add(Uuid(id));
        var current = await ReadOneAsync(select, ct);
        return current switch
        {
            null => WriteOutcome.NotFound,
            { Status: "archived" } => new WriteOutcome(WriteStatus.Archived, current),
            _ => new WriteOutcome(WriteStatus.VersionConflict, current),
        };
    }

    /// <summary>Appends the item's current state to its history; every writer of content_items calls this.</summary>
    internal static async Task AppendRevisionAsync(TenantSession session, Guid tenantId, ContentItem item, string actor, CancellationToken ct)
    {
        await using var insert = session.Command("""
            INSERT INTO content_revisions (id, tenant_id, content_id, version, status, title, body, attributes, actor, schema_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """);
        insert.Parameters.Add(Uuid(Guid.CreateVersion7()));
        insert.Parameters.Add(Uuid(tenantId));
        insert.Parameters.Add(Uuid(item.Id));
        insert.Parameters.Add(Int(item.Version));
        insert.Parameters.Add(Text(item.Status));
        insert.Parameters.Add(Text(item.Title));
        insert.Parameters.Add(Text(item.Body));
        insert.Parameters.Add(Jsonb(item.Attributes.GetRawText()));
        insert.Parameters.Add(Text(actor));
        insert.Parameters.Add(NullableInt(item.SchemaVersion));
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static async Task<ContentItem?> ReadOneAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    internal static ContentItem Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
        ParseJson(r.GetString(7)), r.GetInt32(8), r.GetFieldValue<DateTimeOffset>(9), r.GetFieldValue<DateTimeOffset>(10),
        r.IsDBNull(11) ? null : r.GetInt32(11));

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
