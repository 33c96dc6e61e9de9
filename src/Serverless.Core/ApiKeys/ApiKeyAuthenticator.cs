using Npgsql;
using Serverless.Core.Data;

namespace Serverless.Core.ApiKeys;

/// <summary>
/// Checks a presented key through the one SECURITY DEFINER function the application role may call
/// before it knows its tenant. The nearest replica answers (so a primary outage does not take key checks
/// down, and a secondary region checks keys locally); the primary answers when the replica cannot (down,
/// its breaker open, or — 3D000 — a database it has not replayed yet) and confirms a prefix the replica
/// does not know (a key issued a moment ago). A revocation is therefore seen once the replica has replayed
/// it: within the replica's lag (milliseconds; alarmed on) plus the API's key cache (docs/failure-modes.md).
/// </summary>
public sealed class ApiKeyAuthenticator(Databases databases, TimeProvider clock)
{
    private const string Sql = "SELECT key_id, tenant_id, tenant_slug, tenant_tier, secret_hash, revoked_at FROM authenticate_api_key($1)";

    public async Task<AuthenticatedKey?> AuthenticateAsync(string? presented, CancellationToken ct)
    {
        var prefix = ApiKeySecret.PrefixOf(presented);
        if (prefix is null)
        {
            return null;
        }
        var hasReplica = !ReferenceEquals(databases.Primary, databases.Replica);
        // Twice on the replica: a pooled connection that died with a restart fails on first use and leaves the
        // pool, and the primary may be down too (both were restarted), so a fresh replica connection comes first.
        for (var attempt = 1; hasReplica && attempt <= 2 && !databases.Fallback.IsOpen; attempt++)
        {
            try
            {
                var onReplica = await LookUpAsync(DataSourceKind.Replica, prefix, ct);
                if (onReplica is not null)
                {
                    return Verify(presented!, onReplica);
                }
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
            {
                databases.ClearPoolIfStale(DataSourceKind.Replica, e);
                if (attempt == 2)
                {
                    databases.Fallback.Trip();
                }
            }
        }
        var onPrimary = await LookUpAsync(DataSourceKind.Primary, prefix, ct);
        return onPrimary is null ? null : Verify(presented!, onPrimary);
    }

    /// <summary>Notes on the primary that the key with <paramref name="prefix"/> was used (at most once a minute counts).</summary>
    public async Task NoteUseAsync(string prefix, CancellationToken ct)
    {
        await using var command = databases.Primary.CreateCommand("SELECT note_api_key_use($1)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
        await command.ExecuteNonQueryAsync(ct);
    }

    private AuthenticatedKey? Verify(string presented, Row row) =>
        ApiKeySecret.Matches(presented, row.Hash) && (row.RevokedAt is null || row.RevokedAt > clock.GetUtcNow())
            ? row.Key
            : null;

    private async Task<Row?> LookUpAsync(DataSourceKind source, string prefix, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            await using var command = databases[source].CreateCommand(Sql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
            await using var reader = await command.ExecuteReaderAsync(ct);
            Row? row = null;
            if (await reader.ReadAsync(ct))
            {
                row = new Row(
                    new AuthenticatedKey(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3)),
                    reader.GetFieldValue<byte[]>(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
            }
            outcome = "ok";
            return row;
        }
        finally
        {
            databases.Metrics?.RecordDbCall(source, "authenticate_api_key", outcome, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    private sealed record Row(AuthenticatedKey Key, byte[] Hash, DateTimeOffset? RevokedAt);
}
