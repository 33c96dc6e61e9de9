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

    private sealed record Entry(bool Exists);

    public async Task<bool> ExistsAsync(Guid tenantId, CancellationToken ct)
    {
        var key = "tenant-exists:" + tenantId.ToString("N");
        if (cache.TryGetValue(key, out Entry? entry) && entry is not null)
        {
            return entry.Exists;
        }
        var exists = await tenants.ExistsAsync(tenantId, ct);
        cache.Set(key, new Entry(exists), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = exists ? Known : Unknown, Size = 1 });
        return exists;
    }
}
