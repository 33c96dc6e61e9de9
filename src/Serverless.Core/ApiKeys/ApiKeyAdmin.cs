using Npgsql;

namespace Serverless.Core.ApiKeys;

/// <summary>Operator actions on API keys. The plaintext key leaves this class once, on issue.</summary>
public sealed class ApiKeyAdmin(NpgsqlDataSource admin, TimeProvider clock)
{
    private const string Columns = "id, tenant_id, prefix, name, created_at, last_used_at, revoked_at";

    public async Task<(ApiKeyInfo Info, string Key)> IssueAsync(Guid tenantId, string name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new ArgumentException("A key needs a name of 1 to 100 characters.", nameof(name));
        }
        var (prefix, key) = ApiKeySecret.Generate();
        await using var command = admin.CreateCommand(
            $"INSERT INTO api_keys (id, tenant_id, prefix, secret_hash, name) VALUES ($1, $2, $3, $4, $5) RETURNING {Columns}");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = ApiKeySecret.Hash(key) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (Read(reader), key);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(Guid tenantId, CancellationToken ct)
    {
        await using var command = admin.CreateCommand($"SELECT {Columns} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<ApiKeyInfo>();
        while (await reader.ReadAsync(ct))
        {
            keys.Add(Read(reader));
        }
        return keys;
    }

    public async Task<ApiKeyInfo?> FindAsync(string idOrPrefix, CancellationToken ct)
    {
        var byId = Guid.TryParse(idOrPrefix, out var id);
        await using var command = admin.CreateCommand(
            byId ? $"SELECT {Columns} FROM api_keys WHERE id = $1" : $"SELECT {Columns} FROM api_keys WHERE prefix = $1");
        command.Parameters.Add(byId ? new NpgsqlParameter<Guid> { TypedValue = id } : new NpgsqlParameter<string> { TypedValue = idOrPrefix });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>Revokes a key, at once or after a grace period. A key already revoked earlier stays so.</summary>
    public async Task<ApiKeyInfo?> RevokeAsync(Guid keyId, TimeSpan grace, CancellationToken ct)
    {
        await using var command = admin.CreateCommand(
            $"UPDATE api_keys SET revoked_at = LEAST(COALESCE(revoked_at, 'infinity'), $2) WHERE id = $1 RETURNING {Columns}");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = keyId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() + grace });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>Issues a successor with the same name and retires the old key after <paramref name="grace"/>,
    /// so clients can switch without an outage.</summary>
    public async Task<(ApiKeyInfo Info, string Key)?> RotateAsync(Guid keyId, TimeSpan grace, CancellationToken ct)
    {
        var old = await FindAsync(keyId.ToString(), ct);
        if (old is null || !old.IsActiveAt(clock.GetUtcNow()))
        {
            return null;
        }
        var issued = await IssueAsync(old.TenantId, old.Name, ct);
        await RevokeAsync(keyId, grace, ct);
        return issued;
    }

    /// <summary>Whether <paramref name="presented"/> is the secret of key <paramref name="keyId"/>.</summary>
    public async Task<bool> MatchesAsync(Guid keyId, string presented, CancellationToken ct)
    {
        await using var command = admin.CreateCommand("SELECT secret_hash FROM api_keys WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = keyId });
        return await command.ExecuteScalarAsync(ct) is byte[] hash && ApiKeySecret.Matches(presented, hash);
    }

    private static ApiKeyInfo Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4),
        r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5),
        r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6));
}
