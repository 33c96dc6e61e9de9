using Microsoft.Extensions.Caching.Memory;
using Serverless.Core.Data;
using Serverless.Core.Tenants;

namespace Serverless.Api.Auth;

/// <summary>
/// <see cref="TenantSuspension"/> behind the in-process cache: each instance asks again after
/// <see cref="CacheFor"/>, so a suspension (or a resume) takes effect on every instance within that time.
/// Asked of the replica, which replays the operator's change within milliseconds (the primary when the replica fails).
/// </summary>
public sealed class SuspendedTenants(TenantSuspension suspension, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private sealed record Entry(bool Suspended);

    /// <summary>The cache key, a value: no strings made per request to find the answer (issue 17).</summary>
    private readonly record struct Key(Guid TenantId);

    public async Task<bool> IsSuspendedAsync(Guid tenantId, CancellationToken ct)
    {
        var key = new Key(tenantId);
        if (cache.TryGetValue(key, out Entry? entry) && entry is not null)
        {
            return entry.Suspended;
        }
        bool suspended;
        try
        {
            suspended = await suspension.IsSuspendedAsync(tenantId, DataSourceKind.Replica, ct);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
        {
            // A replica outage must not take the API down with it: the primary knows too.
            suspended = await suspension.IsSuspendedAsync(tenantId, DataSourceKind.Primary, ct);
        }
        cache.Set(key, new Entry(suspended), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheFor, Size = 1 });
        return suspended;
    }
}
