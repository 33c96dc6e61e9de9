using System.Collections.Concurrent;
using Npgsql;
using Serverless.Core.Data;
using Serverless.Core.Routing;

namespace Serverless.Core.Budgets;

/// <summary>
/// A tenant's switches for its model calls (<c>llm_tenant_settings</c>, migration 0140): today whether the
/// semantic cache may serve and store its calls. Read at most every few seconds per tenant and worker, like
/// the route overrides; a change takes effect on every worker within <see cref="RoutingOptions.OverrideCacheSeconds"/>.
/// </summary>
public sealed class TenantLlmSettings(Databases databases, TimeProvider time, RoutingOptions options)
{
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset ReadAt, bool Semantic)> _cache = new();

    public async Task<bool> SemanticCacheEnabledAsync(Guid tenantId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(tenantId, out var cached) && now - cached.ReadAt < TimeSpan.FromSeconds(options.OverrideCacheSeconds))
        {
            return cached.Semantic;
        }
        // From the primary: a tenant who just turned it off must not wait for a lagging replica too.
        // One statement, one round trip with the tenant prelude.
        var semantic = await TenantSession.OnceAsync(databases, DataSourceKind.Primary, tenantId, "llm_settings.read",
            "SELECT semantic_cache FROM llm_tenant_settings WHERE tenant_id = $1",
            p => p.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId }),
            static async (r, token) => !await r.ReadAsync(token) || r.GetBoolean(0),
            ct);
        _cache[tenantId] = (now, semantic);
        return semantic;
    }

    /// <summary>The switch as stored now (uncached, from the primary): for people changing it.</summary>
    public async Task<bool> ReadSemanticCacheAsync(Guid tenantId, CancellationToken ct)
    {
        _cache.TryRemove(tenantId, out _);
        return await SemanticCacheEnabledAsync(tenantId, ct);
    }

    /// <summary>Turns the tenant's semantic cache on or off (audited by the table's trigger).</summary>
    public async Task SetSemanticCacheAsync(Guid tenantId, bool enabled, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "llm_settings.set", ct);
        await using var upsert = session.Command("""
            INSERT INTO llm_tenant_settings (tenant_id, semantic_cache) VALUES ($1, $2)
            ON CONFLICT (tenant_id) DO UPDATE SET semantic_cache = EXCLUDED.semantic_cache, updated_at = now()
             WHERE llm_tenant_settings.semantic_cache IS DISTINCT FROM EXCLUDED.semantic_cache
            """);
        upsert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        upsert.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = enabled });
        await upsert.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
        _cache.TryRemove(tenantId, out _);
    }
}
