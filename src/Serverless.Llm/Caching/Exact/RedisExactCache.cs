using System.Text.Json;
using StackExchange.Redis;

namespace Serverless.Llm.Caching.Exact;

/// <summary>
/// Exact answers in Redis under <c>llm:x:{tenant}:key</c>. The tenant is inside the hashed key and in
/// the Redis key's prefix, so one tenant's entries can be listed or dropped without touching another's.
/// </summary>
public sealed class RedisExactCache(IConnectionMultiplexer redis, ExactCacheOptions options)
{
    public async Task<CachedCompletion?> GetAsync(Guid tenantId, string key)
    {
        var value = await redis.GetDatabase().StringGetAsync(RedisKey(tenantId, key)).ConfigureAwait(false);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((byte[])value!, LlmCacheJsonContext.Default.CachedCompletion);
    }

    /// <summary>
    /// Stores an answer without waiting for Redis to confirm it (fire and forget): the call that produced it does
    /// not wait one more round trip for a write whose failure would only cost a later miss. The command goes out on
    /// the multiplexer's connection before any later command of this process, so a later lookup here sees it.
    /// </summary>
    public Task SetAsync(Guid tenantId, string key, CachedCompletion completion) =>
        redis.GetDatabase().StringSetAsync(RedisKey(tenantId, key),
            JsonSerializer.SerializeToUtf8Bytes(completion, LlmCacheJsonContext.Default.CachedCompletion), options.EntryLifetime,
            flags: CommandFlags.FireAndForget);

    internal static string RedisKey(Guid tenantId, string key) => $"llm:x:{{{tenantId:N}}}:{key}";
}
