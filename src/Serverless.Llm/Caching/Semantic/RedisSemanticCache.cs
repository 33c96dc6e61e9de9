using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json;
using StackExchange.Redis;

namespace Serverless.Llm.Caching.Semantic;

/// <summary>
/// Request vectors and their answers per partition (<see cref="SemanticPartition"/>) in Redis, as a ring of
/// <see cref="SemanticCacheOptions.MaxEntriesPerPartition"/> slots: <c>:seq</c> counts additions, <c>:vec</c>
/// is one string holding every slot's vector (written with SETRANGE), <c>:e</c> a hash of slot → entry. A new
/// entry overwrites the oldest slot, so the partition is bounded without a clean-up step. A lookup reads
/// the vectors in one call (or not at all when this process already holds the partition's current
/// sequence) and compares them all (brute force; the partition is small by construction).
/// Also holds the per-tenant switch that turns semantic caching off.
/// </summary>
public sealed class RedisSemanticCache(IConnectionMultiplexer redis, SemanticCacheOptions options)
{
    private const int MaxLocalPartitions = 64;

    // seq, slot, vector and entry written together; the lifetime refreshed on every addition.
    private const string AddScript = """
        local seq = redis.call('INCR', KEYS[1])
        local slot = (seq - 1) % tonumber(ARGV[1])
        redis.call('SETRANGE', KEYS[2], slot * tonumber(ARGV[2]), ARGV[3])
        redis.call('HSET', KEYS[3], slot, (string.gsub(ARGV[4], '"sequence":0', '"sequence":' .. seq, 1)))
        for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
        return seq
        """;

    // One round trip: the tenant's switch, the sequence, and the vectors only when the caller's copy is not current.
    private const string ReadScript = """
        if redis.call('HGET', KEYS[3], 'semantic') == 'off' then return {'off'} end
        local seq = redis.call('GET', KEYS[1])
        if not seq then return {} end
        if seq == ARGV[1] then return {seq} end
        return {seq, redis.call('GET', KEYS[2])}
        """;

    private readonly ConcurrentDictionary<string, (string Sequence, float[] Vectors)> _local = new(StringComparer.Ordinal);

    public async Task<long> AddAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, string text, CachedCompletion completion)
    {
        var entry = new SemanticEntry(0, text, vector.ToArray(), completion);
        var prefix = partition.KeyPrefix;
        var result = await redis.GetDatabase().ScriptEvaluateAsync(AddScript,
            [prefix + ":seq", prefix + ":vec", prefix + ":e"],
            [
                options.MaxEntriesPerPartition,
                vector.Length * sizeof(float),
                MemoryMarshal.AsBytes(vector.Span).ToArray(),
                JsonSerializer.Serialize(entry, LlmCacheJsonContext.Default.SemanticEntry),
                (long)options.EntryLifetime.TotalMilliseconds,
            ]).ConfigureAwait(false);
        return (long)result;
    }

    /// <summary>
    /// The entries at or above <paramref name="threshold"/>, most similar first, at most <paramref name="limit"/>;
    /// null when the tenant turned semantic caching off.
    /// </summary>
    public async Task<IReadOnlyList<SemanticCandidate>?> FindAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int limit = 3)
    {
        var db = redis.GetDatabase();
        var prefix = partition.KeyPrefix;
        var vectors = await VectorsAsync(db, prefix, partition.TenantId).ConfigureAwait(false);
        if (vectors is null)
        {
            return null;
        }
        var dimensions = vector.Length;
        if (vectors.Length < dimensions)
        {
            return [];
        }
        var best = new List<(int Slot, float Similarity)>();
        for (var slot = 0; (slot + 1) * dimensions <= vectors.Length; slot++)
        {
            var similarity = CosineSimilarity.Of(vector.Span, vectors.AsSpan(slot * dimensions, dimensions));
            if (similarity >= threshold)
            {
                best.Add((slot, similarity));
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
        var entries = await db.HashGetAsync(prefix + ":e", best.Select(b => (RedisValue)b.Slot).ToArray()).ConfigureAwait(false);
        var result = new List<SemanticCandidate>(best.Count);
        foreach (var value in entries)
        {
            if (value.IsNullOrEmpty || JsonSerializer.Deserialize((string)value!, LlmCacheJsonContext.Default.SemanticEntry) is not { } entry)
            {
                continue;
            }
            // Judged on the entry's own vector: its slot may have been overwritten since the vectors were read.
            var similarity = CosineSimilarity.Of(vector.Span, entry.Vector);
            if (similarity >= threshold)
            {
                result.Add(new SemanticCandidate(entry, entry.Vector, similarity));
            }
        }
        result.Sort((x, y) => y.Similarity.CompareTo(x.Similarity));
        return result;
    }

    private async Task<float[]?> VectorsAsync(IDatabase db, string prefix, Guid tenantId)
    {
        var known = _local.TryGetValue(prefix, out var local) ? local.Sequence : "";
        var reply = (RedisResult[])(await db.ScriptEvaluateAsync(ReadScript, [prefix + ":seq", prefix + ":vec", SettingsKey(tenantId)], [known]).ConfigureAwait(false))!;
        if (reply.Length == 0)
        {
            _local.TryRemove(prefix, out _);
            return [];
        }
        var sequence = (string)reply[0]!;
        if (sequence == "off")
        {
            return null;
        }
        if (reply.Length == 1)
        {
            return local.Vectors;
        }
        var bytes = (byte[])reply[1]!;
        var vectors = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, bytes.Length - (bytes.Length % sizeof(float)))).ToArray();
        if (_local.Count >= MaxLocalPartitions)
        {
            _local.Clear(); // a bound, not an LRU: a cleared partition is read again on its next lookup
        }
        _local[prefix] = (sequence, vectors);
        return vectors;
    }

    /// <summary>How many entries the partition holds.</summary>
    public Task<long> CountAsync(SemanticPartition partition) => redis.GetDatabase().HashLengthAsync(partition.KeyPrefix + ":e");

    /// <summary>
    /// A tenant's switch. Stored without a lifetime, so with ElastiCache's <c>volatile-*</c> eviction (cache
    /// entries all have one) it is never evicted. "off" is the stored state; no key means on.
    /// </summary>
    public async Task<bool> IsEnabledForAsync(Guid tenantId) =>
        await redis.GetDatabase().HashGetAsync(SettingsKey(tenantId), "semantic").ConfigureAwait(false) != "off";

    public Task SetEnabledForAsync(Guid tenantId, bool enabled) => enabled
        ? redis.GetDatabase().HashDeleteAsync(SettingsKey(tenantId), "semantic")
        : redis.GetDatabase().HashSetAsync(SettingsKey(tenantId), "semantic", "off");

    // The tenant in braces: a Redis Cluster hash tag, so a tenant's keys share a slot and one script may read them.
    private static string SettingsKey(Guid tenantId) => $"llm:settings:{{{tenantId:N}}}";
}
