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

    public Task SetAsync(Guid tenantId, string key, CachedCompletion completion) =>
        redis.GetDatabase().StringSetAsync(RedisKey(tenantId, key),
            JsonSerializer.SerializeToUtf8Bytes(completion, LlmCacheJsonContext.Default.CachedCompletion), options.EntryLifetime);

    internal static string RedisKey(Guid tenantId, string key) => $"llm:x:{{{tenantId:N}}}:{key}";
}
