using Npgsql;
using Serverless.Core.Data;

namespace Serverless.Core.ApiKeys;

/// <summary>
/// Checks a presented key against the primary, through the one SECURITY DEFINER function the
/// application role may call before it knows its tenant. Revocation must be seen at once, so the
/// primary answers, never the replica.
/// </summary>
public sealed class ApiKeyAuthenticator(Databases databases, TimeProvider clock)
{
    public async Task<AuthenticatedKey?> AuthenticateAsync(string? presented, CancellationToken ct)
    {
        var prefix = ApiKeySecret.PrefixOf(presented);
        if (prefix is null)
        {
            return null;
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var command = databases.Primary.CreateCommand(
            "SELECT key_id, tenant_id, tenant_slug, tenant_tier, secret_hash, revoked_at FROM authenticate_api_key($1)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
        await using var reader = await command.ExecuteReaderAsync(ct);
        AuthenticatedKey? result = null;
        if (await reader.ReadAsync(ct))
        {
            var hash = reader.GetFieldValue<byte[]>(4);
            var revokedAt = reader.IsDBNull(5) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(5);
            if (ApiKeySecret.Matches(presented!, hash) && (revokedAt is null || revokedAt > clock.GetUtcNow()))
            {
                result = new AuthenticatedKey(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3));
            }
        }
        databases.Metrics?.RecordDbCall(DataSourceKind.Primary, "authenticate_api_key", "ok", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return result;
    }
}
