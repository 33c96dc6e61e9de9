using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace Serverless.Api.Platform.Caching;

/// <summary>
/// HybridCache's second level (L2): the region's Redis, through <see cref="ResilientRedis"/>. A Redis
/// that does not answer is a miss on read and a no-op on write, so HybridCache falls through to the
/// database; it never sees an exception from here.
/// </summary>
/// <remarks>
/// HybridCache keeps a tag's invalidation time in L2 under <c>__MSFT_HCT__{tag}</c> and asks for 1,000 days
/// (its <c>MaxCacheDuration</c>). A tag's time matters only while an entry written before it can live, so
/// tag keys get <paramref name="tagLifetime"/>: the longest any entry is kept (PublicContent:KeepSeconds).
/// </remarks>
public sealed class RedisDistributedCache(ResilientRedis redis, TimeSpan tagLifetime) : IDistributedCache
{
    private const string Prefix = "sl:cache:";
    internal const string TagKeyPrefix = "__MSFT_HCT__";
    private static readonly AsyncLocal<bool> RepeatingAnInvalidation = new();

    /// <summary>
    /// While the returned scope lives, tag writes on this flow are dropped: the instance that made the change
    /// already wrote the tag's time to this region's Redis, and every instance repeating it is one write each.
    /// </summary>
    public static IDisposable RepeatOfAnInvalidation()
    {
        RepeatingAnInvalidation.Value = true;
        return new Scope();
    }

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var (ok, value) = await redis.TryAsync("get", Prefix + key, static (db, k) => db.StringGetAsync(k), token);
        return ok && value.HasValue ? (byte[]?)value : null;
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        var expiry = options.AbsoluteExpirationRelativeToNow
            ?? (options.AbsoluteExpiration is { } at ? at - DateTimeOffset.UtcNow : (TimeSpan?)null)
            ?? options.SlidingExpiration;
        var isTag = key.StartsWith(TagKeyPrefix, StringComparison.Ordinal);
        if (isTag)
        {
            if (RepeatingAnInvalidation.Value)
            {
                return;
            }
            expiry = expiry is { } asked && asked < tagLifetime ? asked : tagLifetime;
        }
        if (expiry is { } e && e <= TimeSpan.Zero)
        {
            return;
        }
        if (isTag)
        {
            // A tag's time is written on every change, in the writing request: handed to the connection whenever
            // connected, not waited for. It goes out before the invalidation's PUBLISH on the same connection (Redis
            // runs them in order), and an instance that hears the PUBLISH keeps the tag's time in memory anyway; if
            // both are lost, copies elsewhere stay at most PublicContent:FreshSeconds, as when Redis is down.
            redis.TrySend(
                "set", (Key: Prefix + key, Value: value, Expiry: expiry is { } tagTtl ? (Expiration)tagTtl : default),
                static (db, s) => _ = db.StringSetAsync(s.Key, s.Value, s.Expiry, flags: CommandFlags.FireAndForget));
            return;
        }
        await redis.TryAsync(
            "set", (Key: Prefix + key, Value: value, Expiry: expiry is { } ttl ? (Expiration)ttl : default),
            static (db, s) => db.StringSetAsync(s.Key, s.Value, s.Expiry), token);
    }

    // Entries carry absolute expirations only: there is nothing to slide.
    public void Refresh(string key)
    {
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public async Task RemoveAsync(string key, CancellationToken token = default) =>
        await redis.TryAsync("remove", Prefix + key, static (db, k) => db.KeyDeleteAsync(k), token);

    private sealed class Scope : IDisposable
    {
        public void Dispose() => RepeatingAnInvalidation.Value = false;
    }
}
