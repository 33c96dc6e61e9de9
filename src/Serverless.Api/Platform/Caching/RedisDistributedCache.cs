using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace Serverless.Api.Platform.Caching;

/// <summary>
/// HybridCache's second level (L2): the region's Redis, through <see cref="ResilientRedis"/>. A Redis
/// that does not answer is a miss on read and a no-op on write, so HybridCache falls through to the
/// database; it never sees an exception from here.
/// </summary>
public sealed class RedisDistributedCache(ResilientRedis redis) : IDistributedCache
{
    private const string Prefix = "sl:cache:";

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var (ok, value) = await redis.TryAsync("get", db => db.StringGetAsync(Prefix + key), token);
        return ok && value.HasValue ? (byte[]?)value : null;
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        var expiry = options.AbsoluteExpirationRelativeToNow
            ?? (options.AbsoluteExpiration is { } at ? at - DateTimeOffset.UtcNow : (TimeSpan?)null)
            ?? options.SlidingExpiration;
        if (expiry is { } e && e <= TimeSpan.Zero)
        {
            return;
        }
        await redis.TryAsync("set", db => db.StringSetAsync(Prefix + key, value, expiry is { } ttl ? (Expiration)ttl : default), token);
    }

    // Entries carry absolute expirations only: there is nothing to slide.
    public void Refresh(string key)
    {
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public async Task RemoveAsync(string key, CancellationToken token = default) =>
        await redis.TryAsync("remove", db => db.KeyDeleteAsync(Prefix + key), token);
}
