using System.Text;
using System.Text.Json;
using Npgsql;
using Serverless.Core.Data;

namespace Serverless.Core.Audit;

/// <summary>Reads the audit log. It is written only by the database trigger, never by this class.
/// Reads go to the primary: an audit view must show what just happened.</summary>
public sealed class AuditStore(Databases databases)
{
    public async Task<(IReadOnlyList<AuditEntry> Entries, AuditPosition? Next)> ListAsync(Guid tenantId, AuditQuery query, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "audit.list", ct);
        await using var select = session.Command("");
        var sql = new StringBuilder("""
            SELECT id, actor, action, entity_type, entity_id, before_hash, after_hash, request_id, created_at, changes::text
              FROM audit_log WHERE tenant_id = $1
            """);
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        void Where<T>(string condition, T? value)
        {
            if (value is not null)
            {
                select.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
                sql.Append(" AND ").Append(condition.Replace("@", $"${select.Parameters.Count}", StringComparison.Ordinal));
            }
        }
        Where("entity_type = @", query.EntityType);
        Where("entity_id = @", query.EntityId);
        Where("actor = @", query.Actor);
        Where("action = @", query.Action);
        Where("created_at >= @", query.From);
        Where("created_at < @", query.To);
        if (query.After is { } after)
        {
            select.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = after.CreatedAt });
            select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = after.Id });
            sql.Append($" AND (created_at, id) < (${select.Parameters.Count - 1}, ${select.Parameters.Count})");
        }
        select.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit + 1 });
        sql.Append($" ORDER BY created_at DESC, id DESC LIMIT ${select.Parameters.Count}");
        select.CommandText = sql.ToString();

        var entries = new List<AuditEntry>(query.Limit + 1);
        await using (var r = await select.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                entries.Add(new AuditEntry(
                    r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetGuid(4),
                    r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6),
                    r.IsDBNull(7) ? null : r.GetString(7), r.GetFieldValue<DateTimeOffset>(8), r.IsDBNull(9) ? null : Json(r.GetString(9))));
            }
        }
        await session.CommitAsync(ct);
        AuditPosition? next = null;
        if (entries.Count > query.Limit)
        {
            entries.RemoveAt(entries.Count - 1);
            next = new AuditPosition(entries[^1].CreatedAt, entries[^1].Id);
        }
        return (entries, next);
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
