using Microsoft.Extensions.Caching.Memory;
using Serverless.Core.Data;
using Serverless.Core.Tenants;

namespace Serverless.Api.Auth;

/// <summary>
/// <see cref="TenantSuspension"/> behind the in-process cache: each instance asks again after
/// <see cref="CacheFor"/>, so a suspension (or a resume) takes effect on every instance within that time.
/// Asked of the replica, which replays the operator's change within milliseconds.
/// </summary>
public sealed class SuspendedTenants(TenantSuspension suspension, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private sealed record Entry(bool Suspended);

    public async Task<bool> IsSuspendedAsync(Guid tenantId, CancellationToken ct)
    {
        var key = "tenant-suspended:" + tenantId.ToString("N");
        if (cache.TryGetValue(key, out Entry? entry) && entry is not null)
        {
            return entry.Suspended;
        }
        var suspended = await suspension.IsSuspendedAsync(tenantId, DataSourceKind.Replica, ct);
        cache.Set(key, new Entry(suspended), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheFor, Size = 1 });
        return suspended;
    }
}
