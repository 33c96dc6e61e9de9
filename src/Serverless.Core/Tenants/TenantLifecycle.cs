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
public sealed partial class TenantLifecycle(NpgsqlDataSource admin)
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

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Guid tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        return await command.ExecuteNonQueryAsync(ct);
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
