using System.Text.Json;
using Npgsql;
using Serverless.Core.Data;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Prompts;

/// <summary>
/// Prompt versions and which one each tenant uses: its pin, else its own newest version, else the platform's
/// newest. A tenant sees the platform's versions and its own (row-level security, migration 0181), never another's.
/// </summary>
public sealed class PromptStore(Databases databases)
{
    private const string Columns = "p.key, p.version, p.system_template, p.user_template, p.model_hint, p.output_schema";
    private const string ViewColumns = "p.key, p.version, p.tenant_id IS NOT NULL, p.system_template, p.user_template, p.model_hint, p.created_by, p.created_at";

    /// <summary>The version this tenant uses for <paramref name="key"/>, or null when the key has no versions.</summary>
    public async Task<PromptVersion?> ResolveAsync(Guid tenantId, string key, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "prompts.resolve", ct);
        await using var select = session.Command($"""
            SELECT {Columns}
              FROM prompt_versions p
              LEFT JOIN prompt_pins pin ON pin.tenant_id = $1 AND pin.key = p.key
             WHERE p.key = $2 AND (p.tenant_id IS NULL OR p.tenant_id = $1) AND (pin.version IS NULL OR pin.version = p.version)
             ORDER BY p.tenant_id IS NOT NULL DESC, p.version DESC
             LIMIT 1
            """);
        select.Parameters.Add(Uuid(tenantId));
        select.Parameters.Add(Text(key));
        PromptVersion? version = null;
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                version = Read(reader);
            }
        }
        await session.CommitAsync(ct);
        return version;
    }

    /// <summary>Pins the tenant to one version it may see (null: follow its own newest, else the platform's, again).</summary>
    /// <returns>False when the tenant sees no such version (nothing changes).</returns>
    public async Task<bool> PinAsync(Guid tenantId, string key, int? version, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "prompts.pin", ct);
        if (version is { } wanted)
        {
            await using var visible = session.Command(
                "SELECT 1 FROM prompt_versions WHERE key = $1 AND version = $2 AND (tenant_id IS NULL OR tenant_id = $3)");
            visible.Parameters.Add(Text(key));
            visible.Parameters.Add(Int(wanted));
            visible.Parameters.Add(Uuid(tenantId));
            if (await visible.ExecuteScalarAsync(ct) is null)
            {
                return false;
            }
        }
        await using var command = session.Command(version is null
            ? "DELETE FROM prompt_pins WHERE tenant_id = $1 AND key = $2"
            : """
              INSERT INTO prompt_pins (tenant_id, key, version) VALUES ($1, $2, $3)
              ON CONFLICT (tenant_id, key) DO UPDATE SET version = EXCLUDED.version, pinned_at = now()
              """);
        command.Parameters.Add(Uuid(tenantId));
        command.Parameters.Add(Text(key));
        if (version is { } v)
        {
            command.Parameters.Add(Int(v));
        }
        await command.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Adds the tenant's own next version of <paramref name="key"/>, with the output schema (and, unless given, the
    /// model hint) of the platform's newest version: the task that renders it fills the same variables and parses
    /// the same output, so a template may use only the variables the platform's newest version uses.
    /// </summary>
    public async Task<TenantPromptCreation> CreateTenantVersionAsync(
        Guid tenantId, string key, string system, string user, string? modelHint, string actor, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "prompts.create", ct);
        PromptVersion? platform = null;
        await using (var select = session.Command($"SELECT {Columns} FROM prompt_versions p WHERE p.key = $1 AND p.tenant_id IS NULL ORDER BY p.version DESC LIMIT 1"))
        {
            select.Parameters.Add(Text(key));
            await using var reader = await select.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                platform = Read(reader);
            }
        }
        if (platform is null)
        {
            return new TenantPromptCreation(null, []);
        }
        var known = PromptRenderer.VariablesOf(platform);
        var unknown = PromptRenderer.VariablesOf(platform with { SystemTemplate = system, UserTemplate = user }).Where(v => !known.Contains(v)).ToList();
        if (unknown.Count > 0)
        {
            return new TenantPromptCreation(null, unknown);
        }
        await using var insert = session.Command($"""
            INSERT INTO prompt_versions AS p (key, version, system_template, user_template, model_hint, output_schema, tenant_id, created_by)
            VALUES ($1, next_prompt_version($1), $2, $3, $4, $5, $6, $7)
            RETURNING {ViewColumns}
            """);
        insert.Parameters.Add(Text(key));
        insert.Parameters.Add(Text(system));
        insert.Parameters.Add(Text(user));
        insert.Parameters.Add(NullableText(modelHint ?? platform.ModelHint));
        insert.Parameters.Add(Jsonb(platform.OutputSchema.GetRawText()));
        insert.Parameters.Add(Uuid(tenantId));
        insert.Parameters.Add(Text(actor));
        PromptVersionView created;
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            created = ReadView(reader);
        }
        await session.CommitAsync(ct);
        return new TenantPromptCreation(created, []);
    }

    /// <summary>The versions of <paramref name="key"/> the tenant may use, newest first; null when there are none.</summary>
    public async Task<PromptVersionList?> ListAsync(Guid tenantId, string key, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "prompts.list", ct);
        var items = new List<PromptVersionView>();
        await using (var select = session.Command($"""
            SELECT {ViewColumns} FROM prompt_versions p
             WHERE p.key = $1 AND (p.tenant_id IS NULL OR p.tenant_id = $2)
             ORDER BY p.version DESC
            """))
        {
            select.Parameters.Add(Text(key));
            select.Parameters.Add(Uuid(tenantId));
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                items.Add(ReadView(reader));
            }
        }
        int? pinned;
        await using (var pin = session.Command("SELECT version FROM prompt_pins WHERE tenant_id = $1 AND key = $2"))
        {
            pin.Parameters.Add(Uuid(tenantId));
            pin.Parameters.Add(Text(key));
            pinned = await pin.ExecuteScalarAsync(ct) as int?;
        }
        await session.CommitAsync(ct);
        if (items.Count == 0)
        {
            return null;
        }
        var active = pinned ?? (items.FirstOrDefault(i => i.Owner == PromptVersionView.Tenant) ?? items[0]).Version;
        return new PromptVersionList(key, pinned, active, items);
    }

    /// <summary>Adds the next version of a prompt (operator connection: versions belong to the platform).</summary>
    public static async Task<int> AddVersionAsync(
        NpgsqlDataSource admin, string key, string system, string user, string? modelHint, string outputSchemaJson, CancellationToken ct)
    {
        await using var insert = admin.CreateCommand("""
            INSERT INTO prompt_versions (key, version, system_template, user_template, model_hint, output_schema)
            VALUES ($1, next_prompt_version($1), $2, $3, $4, $5)
            RETURNING version
            """);
        insert.Parameters.Add(Text(key));
        insert.Parameters.Add(Text(system));
        insert.Parameters.Add(Text(user));
        insert.Parameters.Add(NullableText(modelHint));
        insert.Parameters.Add(Jsonb(outputSchemaJson));
        return (int)(await insert.ExecuteScalarAsync(ct))!;
    }

    private static PromptVersionView ReadView(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetInt32(1), r.GetBoolean(2) ? PromptVersionView.Tenant : PromptVersionView.Platform,
        r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6),
        r.GetFieldValue<DateTimeOffset>(7));

    private static PromptVersion Read(NpgsqlDataReader r)
    {
        using var schema = JsonDocument.Parse(r.GetString(5));
        return new PromptVersion(
            r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
            schema.RootElement.Clone());
    }
}
