using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Serverless.Core.Tenants;

/// <summary>A tenant's data as a whole: the tables it owns, their row counts, its export and its deletion.</summary>
public sealed partial class TenantLifecycle
{
    /// <summary>Every base table with a <c>tenant_id</c> column, from the catalog, by name.</summary>
    public async Task<IReadOnlyList<string>> TenantOwnedTablesAsync(CancellationToken ct)
    {
        await using var connection = await admin.OpenConnectionAsync(ct);
        return await TablesAsync(connection, null, ct);
    }

    /// <summary>The tenant's rows in each tenant-owned table, and its own row in <c>tenants</c>.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountAsync(Guid tenantId, CancellationToken ct)
    {
        await using var connection = await admin.OpenConnectionAsync(ct);
        return await CountAsync(connection, null, tenantId, ct);
    }

    /// <summary>
    /// Writes the tenant's data as a zip: one NDJSON file per tenant-owned table (a JSON object a line, read
    /// and written a row at a time, so memory does not grow with the tenant), its tenant row, and a manifest
    /// with the row counts. <paramref name="progress"/> hears about each table as it is done.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> ExportAsync(string slug, Stream destination, string actor, Action<string> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await using var connection = await admin.OpenConnectionAsync(ct);
        // One snapshot for the whole export: every file shows the tenant at the same moment.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var tenant = await FindAsync(connection, slug, ct) ?? throw new InvalidOperationException($"no tenant '{slug}'");
        var tables = await TablesAsync(connection, transaction, ct);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using (var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true))
        {
            counts["tenants"] = await WriteEntryAsync(zip, "tenants.ndjson", connection, transaction, "SELECT row_to_json(t)::text FROM tenants t WHERE id = $1", tenant.Tenant.Id, ct);
            for (var i = 0; i < tables.Count; i++)
            {
                var table = tables[i];
                counts[table] = await WriteEntryAsync(zip, $"{table}.ndjson", connection, transaction,
                    $"SELECT row_to_json(t)::text FROM {Quote(table)} t WHERE tenant_id = $1", tenant.Tenant.Id, ct);
                progress($"[{i + 1}/{tables.Count}] {table}: {counts[table]} rows");
            }
            var manifest = zip.CreateEntry("manifest.json", CompressionLevel.Optimal);
            await using var stream = manifest.Open();
            await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            writer.WriteString("tenantId", tenant.Tenant.Id);
            writer.WriteString("slug", tenant.Tenant.Slug);
            writer.WriteString("exportedAt", DateTimeOffset.UtcNow);
            writer.WriteStartObject("rows");
            foreach (var (table, count) in counts)
            {
                writer.WriteNumber(table, count);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        await AuditAsync(connection, transaction, actor, "tenant.exported", tenant.Tenant, Details(("rows", Counts(counts))), ct);
        await transaction.CommitAsync(ct);
        return counts;
    }

    /// <summary>
    /// Deletes every row of the tenant in one transaction: each tenant-owned table (children before the
    /// tables they reference, found by trying), then its audit rows (the deletes above write some), then the
    /// tenant; counts every tenant-owned table again inside the transaction and commits only when all are 0,
    /// leaving a tombstone in <c>operator_audit</c>. Export first: this keeps nothing else.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> OffboardAsync(string slug, string actor, string? exportSha256, Action<string> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await using var connection = await admin.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var tenant = await FindAsync(connection, slug, ct) ?? throw new InvalidOperationException($"no tenant '{slug}'");
        var id = tenant.Tenant.Id;
        var before = await CountAsync(connection, transaction, id, ct);
        var pending = (await TablesAsync(connection, transaction, ct)).Where(t => t != "audit_log").ToList();
        while (pending.Count > 0)
        {
            var blocked = new List<string>();
            foreach (var table in pending)
            {
                await transaction.SaveAsync("offboard_table", ct);
                try
                {
                    var deleted = await ExecuteAsync(connection, transaction, $"DELETE FROM {Quote(table)} WHERE tenant_id = $1", id, ct);
                    await transaction.ReleaseAsync("offboard_table", ct);
                    progress($"{table}: deleted {deleted} rows");
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
                {
                    // Another tenant-owned table still references these rows: try again after it is gone.
                    await transaction.RollbackAsync("offboard_table", ct);
                    blocked.Add(table);
                }
            }
            if (blocked.Count == pending.Count)
            {
                throw new InvalidOperationException($"could not delete from {string.Join(", ", blocked)}: rows outside the tenant reference them");
            }
            pending = blocked;
        }
        progress($"audit_log: deleted {await ExecuteAsync(connection, transaction, "DELETE FROM audit_log WHERE tenant_id = $1", id, ct)} rows");
        await ExecuteAsync(connection, transaction, "DELETE FROM tenants WHERE id = $1", id, ct);
        var after = await CountAsync(connection, transaction, id, ct);
        if (after.Where(c => c.Value != 0).ToList() is { Count: > 0 } left)
        {
            throw new InvalidOperationException($"rows left after deleting, nothing was committed: {string.Join(", ", left.Select(l => $"{l.Key} {l.Value}"))}");
        }
        await AuditAsync(connection, transaction, actor, "tenant.offboarded", tenant.Tenant, Details(
            ("tenant", Snapshot(tenant)), ("rowsDeleted", Counts(before)), ("rowsLeft", Counts(after)),
            ("exportSha256", exportSha256 is null ? null : Text(exportSha256))), ct);
        await transaction.CommitAsync(ct);
        return after;
    }

    private static async Task<List<string>> TablesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand("""
            SELECT c.table_name FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
             ORDER BY c.table_name
            """, connection, transaction);
        var tables = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }

    private static async Task<IReadOnlyDictionary<string, long>> CountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, CancellationToken ct)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in await TablesAsync(connection, transaction, ct))
        {
            counts[table] = await ScalarAsync(connection, transaction, $"SELECT count(*) FROM {Quote(table)} WHERE tenant_id = $1", tenantId, ct);
        }
        counts["tenants"] = await ScalarAsync(connection, transaction, "SELECT count(*) FROM tenants WHERE id = $1", tenantId, ct);
        return counts;
    }

    private static async Task<long> WriteEntryAsync(
        ZipArchive zip, string name, NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Guid tenantId, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await using var select = new NpgsqlCommand(sql, connection, transaction);
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        await using var reader = await select.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        long rows = 0;
        var newline = "\n"u8.ToArray();
        while (await reader.ReadAsync(ct))
        {
            // row_to_json writes one line: JSON escapes newlines inside strings.
            var line = Encoding.UTF8.GetBytes(reader.GetString(0));
            await stream.WriteAsync(line, ct);
            await stream.WriteAsync(newline, ct);
            rows++;
        }
        return rows;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Guid tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static JsonElement Counts(IEnumerable<KeyValuePair<string, long>> counts)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (table, count) in counts)
            {
                writer.WriteNumber(table, count);
            }
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }
}
