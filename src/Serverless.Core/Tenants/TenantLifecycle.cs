using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Serverless.Core.Tenants.Settings;

namespace Serverless.Core.Tenants;

/// <summary>
/// Operator actions over a tenant's whole life, on the operator's connection: update, export and offboard,
/// each recorded in the append-only <c>operator_audit</c>. "Tenant-owned" is read from the catalog (every
/// base table with a <c>tenant_id</c> column), never from a list kept here, so a new table is exported,
/// deleted and counted without a change to this code.
/// </summary>
public sealed class TenantLifecycle(NpgsqlDataSource admin)
{
    /// <summary>
    /// Changes a tenant's name, tier or settings; null leaves a field as it is. The settings are a JSON merge patch
    /// over the stored ones (<see cref="TenantSettingsDocument"/>), refused with every field out of range named.
    /// </summary>
    public async Task<Tenant> UpdateAsync(string slug, string? name, string? tier, string? settingsJson, string actor, CancellationToken ct)
    {
        if (tier is not null && !TenantTiers.IsValid(tier))
        {
            throw new ArgumentException($"'{tier}' is not a tier; use one of {string.Join(", ", TenantTiers.All)}.", nameof(tier));
        }
        if (name is { Length: < 1 or > 200 })
        {
            throw new ArgumentException("The name has 1 to 200 characters.", nameof(name));
        }
        var patch = settingsJson is null ? null : SettingsPatch(settingsJson);
        await using var connection = await admin.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await FindAsync(connection, slug, ct, forUpdate: true) ?? throw new InvalidOperationException($"no tenant '{slug}'");
        string? settings = null;
        if (patch is not null)
        {
            var patched = TenantSettingsDocument.Patch(JsonNode.Parse(before.SettingsJson) as JsonObject ?? [], patch);
            if (TenantSettingsDocument.Problems(patched) is { Count: > 0 } problems)
            {
                throw new ArgumentException(
                    "The settings are not valid:" + string.Concat(problems.Select(p => $"\n  {p.Key}: {p.Value}")), nameof(settingsJson));
            }
            settings = patched.ToJsonString();
        }
        // The settings trigger (migration 0180) writes the versioned audit row: name the operator in it.
        await using (var actorSetting = new NpgsqlCommand("SELECT set_config('app.actor', $1, true)", connection, transaction))
        {
            actorSetting.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor });
            await actorSetting.ExecuteNonQueryAsync(ct);
        }
        await using (var update = new NpgsqlCommand("""
            UPDATE tenants SET name = coalesce($2, name), tier = coalesce($3, tier), settings = coalesce($4::jsonb, settings)
             WHERE id = $1
            """, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = before.Tenant.Id });
            update.Parameters.Add(Nullable(name));
            update.Parameters.Add(Nullable(tier));
            update.Parameters.Add(Nullable(settings));
            await update.ExecuteNonQueryAsync(ct);
        }
        var after = (await FindAsync(connection, slug, ct))!;
        await AuditAsync(connection, transaction, actor, "tenant.updated", after.Tenant, Details(
            ("before", Snapshot(before)), ("after", Snapshot(after))), ct);
        await transaction.CommitAsync(ct);
        return after.Tenant;
    }

    /// <summary>
    /// Suspends a tenant: keys and tokens are refused (each API instance notices within its suspension cache's
    /// time), public pages are hidden, and jobs the worker receives are paused rather than run.
    /// </summary>
    public Task<Tenant> SuspendAsync(string slug, string reason, string actor, CancellationToken ct) =>
        SetSuspendedAsync(slug, suspend: true, reason, actor, ct);

    /// <summary>Resumes a suspended tenant, and hands its paused jobs back to the outbox, which publishes them again.</summary>
    public Task<Tenant> ResumeAsync(string slug, string actor, CancellationToken ct) =>
        SetSuspendedAsync(slug, suspend: false, null, actor, ct);

    private async Task<Tenant> SetSuspendedAsync(string slug, bool suspend, string? reason, string actor, CancellationToken ct)
    {
        await using var connection = await admin.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var tenant = await FindAsync(connection, slug, ct) ?? throw new InvalidOperationException($"no tenant '{slug}'");
        await ExecuteAsync(connection, transaction, suspend
            ? "UPDATE tenants SET suspended_at = coalesce(suspended_at, now()) WHERE id = $1"
            : "UPDATE tenants SET suspended_at = NULL WHERE id = $1", tenant.Tenant.Id, ct);
        var requeued = suspend ? 0 : await ExecuteAsync(connection, transaction, """
            UPDATE jobs SET status = 'pending', published_at = NULL, locked_until = NULL, updated_at = now()
             WHERE tenant_id = $1 AND status = 'paused'
            """, tenant.Tenant.Id, ct);
        await AuditAsync(connection, transaction, actor, suspend ? "tenant.suspended" : "tenant.resumed", tenant.Tenant,
            suspend ? Details(("reason", Text(reason ?? ""))) : Details(("jobsRequeued", Text(requeued.ToString(System.Globalization.CultureInfo.InvariantCulture)))), ct);
        await transaction.CommitAsync(ct);
        return tenant.Tenant;
    }

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

    private sealed record TenantRow(Tenant Tenant, string SettingsJson);

    private static JsonObject SettingsPatch(string settingsJson)
    {
        try
        {
            return JsonNode.Parse(settingsJson) as JsonObject
                ?? throw new ArgumentException("Settings must be a JSON object.", nameof(settingsJson));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Settings are not JSON: {e.Message}", nameof(settingsJson), e);
        }
    }

    private static async Task<TenantRow?> FindAsync(NpgsqlConnection connection, string slug, CancellationToken ct, bool forUpdate = false)
    {
        await using var select = new NpgsqlCommand(
            "SELECT id, slug, name, tier, created_at, settings::text FROM tenants WHERE slug = $1" + (forUpdate ? " FOR UPDATE" : ""), connection);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new TenantRow(new Tenant(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)), reader.GetString(5))
            : null;
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

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Guid tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Guid tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task AuditAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string actor, string action, Tenant tenant, string detailsJson, CancellationToken ct)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO operator_audit (actor, action, subject_tenant_id, subject_tenant_slug, details) VALUES ($1, $2, $3, $4, $5::jsonb)
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenant.Id });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant.Slug });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = detailsJson });
        await insert.ExecuteNonQueryAsync(ct);
    }

    // Table names come from the catalog; quoting keeps any name a single identifier.
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static NpgsqlParameter Nullable(string? value) =>
        new() { Value = value is null ? DBNull.Value : value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static JsonElement Snapshot(TenantRow row)
    {
        using var settings = JsonDocument.Parse(row.SettingsJson);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", row.Tenant.Name);
            writer.WriteString("tier", row.Tenant.Tier);
            writer.WritePropertyName("settings");
            settings.RootElement.WriteTo(writer);
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

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

    private static JsonElement Text(string value)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(value);
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    private static string Details(params (string Name, JsonElement? Value)[] fields)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                if (value is { } v)
                {
                    writer.WritePropertyName(name);
                    v.WriteTo(writer);
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
