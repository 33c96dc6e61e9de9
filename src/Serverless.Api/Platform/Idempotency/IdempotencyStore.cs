using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Serverless.Api.Platform;
using Serverless.Core.Data;

namespace Serverless.Api.Platform.Idempotency;

/// <summary>
/// Idempotency keys in PostgreSQL (<c>idempotency_keys</c>, per tenant, row-level secured). A claim is
/// one <c>INSERT … ON CONFLICT</c>, so of two concurrent requests with one key exactly one runs; the
/// other waits for the claim's commit and then sees it in progress, finished, or used differently.
/// </summary>
public sealed class IdempotencyStore(Databases databases, TimeProvider time)
{
    /// <summary>How long a key is remembered (IETF draft: the server announces it; we keep 24 h).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A claim whose request died without an answer (a crashed instance) is free again after this.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(60);

    public async Task<IdempotencyClaimResult> ClaimAsync(Guid tenantId, string key, byte[] fingerprint, string method, string path, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "idempotency.claim", ct);
        // A new key, an expired one, or a dead claim of the same request: ours. Anything else: read it.
        await using (var claim = session.Command("""
            INSERT INTO idempotency_keys (tenant_id, key, fingerprint, method, path, locked_until, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (tenant_id, key) DO UPDATE
                SET fingerprint = EXCLUDED.fingerprint, method = EXCLUDED.method, path = EXCLUDED.path,
                    status = NULL, headers = NULL, body = NULL,
                    locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
                WHERE idempotency_keys.expires_at <= EXCLUDED.created_at
                   OR (idempotency_keys.status IS NULL AND idempotency_keys.locked_until <= EXCLUDED.created_at
                       AND idempotency_keys.fingerprint = EXCLUDED.fingerprint)
            RETURNING true
            """))
        {
            claim.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
            claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            claim.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = fingerprint });
            claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = method });
            claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = path });
            claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + ClaimLease });
            claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + Retention });
            if (await claim.ExecuteScalarAsync(ct) is true)
            {
                await PruneAsync(session, tenantId, now, ct);
                await session.CommitAsync(ct);
                return new IdempotencyClaimResult(IdempotencyDecision.Run);
            }
        }

        await using var read = session.Command("SELECT fingerprint, status, headers, body FROM idempotency_keys WHERE tenant_id = $1 AND key = $2");
        read.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var row = await read.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct))
        {
            // Pruned between the two statements (it had just expired): a fresh key next time.
            return new IdempotencyClaimResult(IdempotencyDecision.InProgress);
        }
        if (!row.GetFieldValue<byte[]>(0).AsSpan().SequenceEqual(fingerprint))
        {
            return new IdempotencyClaimResult(IdempotencyDecision.Mismatch);
        }
        if (row.IsDBNull(1))
        {
            return new IdempotencyClaimResult(IdempotencyDecision.InProgress);
        }
        var headers = JsonSerializer.Deserialize(row.GetString(2), ApiJsonContext.Default.DictionaryStringStringArray) ?? [];
        return new IdempotencyClaimResult(IdempotencyDecision.Replay, new StoredResponse(row.GetInt32(1), headers, row.GetFieldValue<byte[]>(3)));
    }

    /// <summary>Stores the first answer; from now on retries get it.</summary>
    public async Task CompleteAsync(Guid tenantId, string key, byte[] fingerprint, StoredResponse response, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "idempotency.complete", ct);
        await using var update = session.Command("""
            UPDATE idempotency_keys SET status = $4, headers = $5, body = $6
            WHERE tenant_id = $1 AND key = $2 AND fingerprint = $3 AND status IS NULL
            """);
        update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        update.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = fingerprint });
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = response.Status });
        update.Parameters.Add(new NpgsqlParameter<string>
        {
            TypedValue = JsonSerializer.Serialize(response.Headers, ApiJsonContext.Default.DictionaryStringStringArray),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        update.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = response.Body });
        await update.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
    }

    /// <summary>Gives the key back after a failure (5xx, an exception): nothing was promised, so a retry runs again.</summary>
    public async Task ReleaseAsync(Guid tenantId, string key, byte[] fingerprint, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "idempotency.release", ct);
        await using var delete = session.Command("DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = $2 AND fingerprint = $3 AND status IS NULL");
        delete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        delete.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = fingerprint });
        await delete.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
    }

    /// <summary>Expired keys of this tenant go as new ones arrive: a bounded amount of work per claim, no sweeper to run.</summary>
    private static async Task PruneAsync(TenantSession session, Guid tenantId, DateTimeOffset now, CancellationToken ct)
    {
        await using var prune = session.Command("""
            DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key IN (
                SELECT key FROM idempotency_keys WHERE tenant_id = $1 AND expires_at <= $2 LIMIT 50)
            """);
        prune.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        prune.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await prune.ExecuteNonQueryAsync(ct);
    }
}
