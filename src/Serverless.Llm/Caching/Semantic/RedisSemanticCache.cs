using System.Runtime.InteropServices;
using System.Text.Json;
using StackExchange.Redis;

namespace Serverless.Llm.Caching.Semantic;

/// <summary>
/// Request vectors and their answers per partition (<see cref="SemanticPartition"/>) in Redis: a hash of
/// vectors, a hash of entries and a sorted set by insertion time that bounds the partition to
/// <see cref="SemanticCacheOptions.MaxEntriesPerPartition"/> (oldest dropped). A lookup compares the new
/// vector with every vector of its partition (brute force; the partition is small by construction).
/// Also holds the per-tenant switch that turns semantic caching off.
/// </summary>
public sealed class RedisSemanticCache(IConnectionMultiplexer redis, SemanticCacheOptions options, TimeProvider time)
{
    // Adds the entry, drops the oldest beyond the bound, refreshes the lifetime: one atomic step.
    private const string AddScript = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
        redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
        local excess = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[5])
        if excess > 0 then
          local old = redis.call('ZRANGE', KEYS[3], 0, excess - 1)
          for _, id in ipairs(old) do
            redis.call('HDEL', KEYS[1], id)
            redis.call('HDEL', KEYS[2], id)
          end
          redis.call('ZREM', KEYS[3], unpack(old))
        end
        for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[6]) end
        return excess
        """;

    public async Task AddAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, string text, CachedCompletion completion)
    {
        var id = Guid.CreateVersion7().ToString("N");
        var entry = new SemanticEntry(id, text, completion);
        var prefix = partition.KeyPrefix;
        await redis.GetDatabase().ScriptEvaluateAsync(AddScript,
            [prefix + ":v", prefix + ":e", prefix + ":t"],
            [
                id,
                MemoryMarshal.AsBytes(vector.Span).ToArray(),
                JsonSerializer.SerializeToUtf8Bytes(entry, LlmCacheJsonContext.Default.SemanticEntry),
                time.GetUtcNow().ToUnixTimeMilliseconds(),
                options.MaxEntriesPerPartition,
                (long)options.EntryLifetime.TotalMilliseconds,
            ]).ConfigureAwait(false);
    }

    /// <summary>The entries at or above <paramref name="threshold"/>, most similar first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<SemanticCandidate>> FindAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int limit = 3)
    {
        var db = redis.GetDatabase();
        var prefix = partition.KeyPrefix;
        var vectors = await db.HashGetAllAsync(prefix + ":v").ConfigureAwait(false);
        var best = new List<(string Id, float[] Vector, float Similarity)>();
        foreach (var stored in vectors)
        {
            var candidate = MemoryMarshal.Cast<byte, float>(((byte[])stored.Value!).AsSpan()).ToArray();
            var similarity = CosineSimilarity.Of(vector.Span, candidate);
            if (similarity >= threshold)
            {
                best.Add((stored.Name!, candidate, similarity));
            }
        }
        if (best.Count == 0)
        {
            return [];
        }
        best.Sort((x, y) => y.Similarity.CompareTo(x.Similarity));
        if (best.Count > limit)
        {
            best.RemoveRange(limit, best.Count - limit);
        }
        var entries = await db.HashGetAsync(prefix + ":e", best.Select(b => (RedisValue)b.Id).ToArray()).ConfigureAwait(false);
        var result = new List<SemanticCandidate>(best.Count);
        for (var i = 0; i < best.Count; i++)
        {
            if (!entries[i].IsNullOrEmpty
                && JsonSerializer.Deserialize((byte[])entries[i]!, LlmCacheJsonContext.Default.SemanticEntry) is { } entry)
            {
                result.Add(new SemanticCandidate(entry, best[i].Vector, best[i].Similarity));
            }
        }
        return result;
    }

    /// <summary>How many entries the partition holds.</summary>
    public Task<long> CountAsync(SemanticPartition partition) => redis.GetDatabase().HashLengthAsync(partition.KeyPrefix + ":v");

    /// <summary>
    /// A tenant's switch. Stored without a lifetime, so with ElastiCache's <c>volatile-*</c> eviction (cache
    /// entries all have one) it is never evicted; "off" is the stored state, so a lost key means the default.
    /// </summary>
    public async Task<bool> IsEnabledForAsync(Guid tenantId) =>
        await redis.GetDatabase().HashGetAsync(SettingsKey(tenantId), "semantic").ConfigureAwait(false) != "off";

    public Task SetEnabledForAsync(Guid tenantId, bool enabled) => enabled
        ? redis.GetDatabase().HashDeleteAsync(SettingsKey(tenantId), "semantic")
        : redis.GetDatabase().HashSetAsync(SettingsKey(tenantId), "semantic", "off");

    private static string SettingsKey(Guid tenantId) => $"llm:settings:{tenantId:N}";
}
