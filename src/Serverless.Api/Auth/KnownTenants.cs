using Microsoft.Extensions.Caching.Memory;
using Serverless.Core.Tenants;

namespace Serverless.Api.Auth;

/// <summary>
/// <see cref="TenantExistence"/> behind the in-process cache: a known tenant is asked about again after
/// a minute, an unknown one after five seconds, so a busy token costs no query per request.
/// </summary>
public sealed class KnownTenants(TenantExistence tenants, IMemoryCache cache)
{
    private static readonly TimeSpan Known = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Unknown = TimeSpan.FromSeconds(5);

    private sealed record Entry(string? Tier);

    public async Task<bool> ExistsAsync(Guid tenantId, CancellationToken ct) => await TierAsync(tenantId, ct) is not null;

    /// <summary>The tenant's tier (a person's token does not carry it; rate limits and token budgets need it), or null.</summary>
    public async Task<string?> TierAsync(Guid tenantId, CancellationToken ct)
    {
        var key = "tenant-exists:" + tenantId.ToString("N");
        if (cache.TryGetValue(key, out Entry? entry) && entry is not null)
        {
            return entry.Tier;
        }
        var tier = await tenants.TierAsync(tenantId, ct);
        cache.Set(key, new Entry(tier), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = tier is not null ? Known : Unknown, Size = 1 });
        return tier;
    }
}
