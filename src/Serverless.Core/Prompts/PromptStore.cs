using System.Text.Json;
using Npgsql;
using Serverless.Core.Data;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Prompts;

/// <summary>Prompt versions and which one each tenant uses: its pin, or else the latest.</summary>
public sealed class PromptStore(Databases databases)
{
    private const string Columns = "p.key, p.version, p.system_template, p.user_template, p.model_hint, p.output_schema";

    /// <summary>The version this tenant uses for <paramref name="key"/>, or null when the key has no versions.</summary>
    public async Task<PromptVersion?> ResolveAsync(Guid tenantId, string key, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "prompts.resolve", ct);
        await using var select = session.Command($"""
            SELECT {Columns}
              FROM prompt_versions p
              LEFT JOIN prompt_pins pin ON pin.tenant_id = $1 AND pin.key = p.key
             WHERE p.key = $2 AND (pin.version IS NULL OR pin.version = p.version)
             ORDER BY p.version DESC
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

    /// <summary>Pins the tenant to one version (null: follow the latest again).</summary>
    public async Task PinAsync(Guid tenantId, string key, int? version, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "prompts.pin", ct);
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
    }

    /// <summary>Adds the next version of a prompt (operator connection: versions belong to the platform).</summary>
    public static async Task<int> AddVersionAsync(
        NpgsqlDataSource admin, string key, string system, string user, string? modelHint, string outputSchemaJson, CancellationToken ct)
    {
        await using var insert = admin.CreateCommand("""
            INSERT INTO prompt_versions (key, version, system_template, user_template, model_hint, output_schema)
            SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5 FROM prompt_versions WHERE key = $1
            RETURNING version
            """);
        insert.Parameters.Add(Text(key));
        insert.Parameters.Add(Text(system));
        insert.Parameters.Add(Text(user));
        insert.Parameters.Add(NullableText(modelHint));
        insert.Parameters.Add(Jsonb(outputSchemaJson));
        return (int)(await insert.ExecuteScalarAsync(ct))!;
    }

    private static PromptVersion Read(NpgsqlDataReader r)
    {
        using var schema = JsonDocument.Parse(r.GetString(5));
        return new PromptVersion(
            r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
            schema.RootElement.Clone());
    }
}
