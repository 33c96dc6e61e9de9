using System.Collections.Concurrent;
using Npgsql;
using Serverless.Core.Data;

namespace Serverless.Core.Routing;

/// <summary>A tenant's tier overrides per task (<c>llm_routes</c>), read at most every few seconds per tenant.</summary>
public sealed class TenantRoutes(Databases databases, TimeProvider time, RoutingOptions options)
{
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset ReadAt, IReadOnlyDictionary<string, string> Routes)> _cache = new();

    public async Task<IReadOnlyDictionary<string, string>> ForAsync(Guid tenantId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(tenantId, out var cached) && now - cached.ReadAt < TimeSpan.FromSeconds(options.OverrideCacheSeconds))
        {
            return cached.Routes;
        }
        // One statement, one round trip with the tenant prelude.
        var routes = await TenantSession.OnceAsync(databases, DataSourceKind.Replica, tenantId, "routes.read",
            "SELECT feature, tier FROM llm_routes WHERE tenant_id = $1",
            p => p.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId }),
            static async (r, token) =>
            {
                var read = new Dictionary<string, string>(StringComparer.Ordinal);
                while (await r.ReadAsync(token))
                {
                    read[r.GetString(0)] = r.GetString(1);
                }
                return (IReadOnlyDictionary<string, string>)read;
            },
            ct);
        _cache[tenantId] = (now, routes);
        return routes;
    }

    public const string TaskPattern = @"^[a-z]+(\.[a-z]+)*$";
    public const string TierPattern = "^[a-z][a-z0-9-]{0,31}$";
    public const int MaxTaskChars = 64;

    /// <summary>The tenant's overrides as stored now (from the primary, uncached): for people changing them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(Guid tenantId, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "routes.read", ct);
        await using var select = session.Command("SELECT feature, tier FROM llm_routes WHERE tenant_id = $1 ORDER BY feature");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        var routes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using (var r = await select.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                routes[r.GetString(0)] = r.GetString(1);
            }
        }
        await session.CommitAsync(ct);
        return routes;
    }

    /// <summary>Makes <paramref name="routes"/> the tenant's whole set of overrides, in one transaction (each row changed is audited).</summary>
    public async Task ReplaceAsync(Guid tenantId, IReadOnlyDictionary<string, string> routes, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "routes.replace", ct);
        await using (var remove = session.Command("DELETE FROM llm_routes WHERE tenant_id = $1 AND NOT (feature = ANY ($2))"))
        {
            remove.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
            remove.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. routes.Keys] });
            await remove.ExecuteNonQueryAsync(ct);
        }
        foreach (var (task, tier) in routes)
        {
            await using var upsert = session.Command("""
                INSERT INTO llm_routes (tenant_id, feature, tier) VALUES ($1, $2, $3)
                ON CONFLICT (tenant_id, feature) DO UPDATE SET tier = EXCLUDED.tier, updated_at = now()
                 WHERE llm_routes.tier IS DISTINCT FROM EXCLUDED.tier
                """);
            upsert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
            upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = task });
            upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tier });
            await upsert.ExecuteNonQueryAsync(ct);
        }
        await session.CommitAsync(ct);
        _cache.TryRemove(tenantId, out _);
    }

    /// <summary>Sets (or with a null tier removes) a tenant's override for a task; takes effect on every worker within the cache time.</summary>
    public async Task SetAsync(Guid tenantId, string task, string? tier, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "routes.set", ct);
        await using var write = session.Command(tier is null
            ? "DELETE FROM llm_routes WHERE tenant_id = $1 AND feature = $2"
            : "INSERT INTO llm_routes (tenant_id, feature, tier) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, feature) DO UPDATE SET tier = EXCLUDED.tier, updated_at = now()");
        write.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        write.Parameters.Add(new NpgsqlParameter<string> { TypedValue = task });
        if (tier is not null)
        {
            write.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tier });
        }
        await write.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
        _cache.TryRemove(tenantId, out _);
    }
}
