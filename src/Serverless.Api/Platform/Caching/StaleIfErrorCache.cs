using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Hybrid;
using Serverless.Core.Data;

namespace Serverless.Api.Platform.Caching;

/// <summary>
/// HybridCache with a soft expiry. Entries are kept for the whole stale-if-error window but carry
/// their own "fresh until"; an entry past it is reloaded, and if the database cannot answer the old
/// copy is served instead (counted). Concurrent misses on a key are one load (HybridCache's stampede
/// protection); concurrent reloads of a stale key are one load too (single flight, below).
/// </summary>
public sealed class StaleIfErrorCache<T>(HybridCache cache, TimeProvider time, ReadPathMetrics metrics) where T : class, ISoftExpiring
{
    private readonly ConcurrentDictionary<string, Task<T>> _reloading = new(StringComparer.Ordinal);

    // The same keepFor on every call of one cache: one options object for all of them, not one per hit.
    private HybridCacheEntryOptions? _options;

    public async ValueTask<(T Value, CacheOutcome Outcome)> GetAsync(
        string key, IReadOnlyList<string> tags, TimeSpan keepFor, CacheLoad<T> load, string what, CancellationToken ct)
    {
        var options = _options is { } known && known.Expiration == keepFor
            ? known
            : _options = new HybridCacheEntryOptions { Expiration = keepFor, LocalCacheExpiration = keepFor };
        var entry = await cache.GetOrCreateAsync(
            key, load, static async (l, token) => { l.Ran = true; return await l.LoadAsync(token); }, options, tags, ct);
        if (load.Ran)
        {
            return (entry, CacheOutcome.Miss);
        }
        var outdated = load.IsOutdated(entry);
        if (!outdated && entry.FreshUntil > time.GetUtcNow())
        {
            return (entry, CacheOutcome.Hit);
        }
        try
        {
            return (await ReloadAsync(key, tags, options, load), CacheOutcome.Miss);
        }
        catch (Exception e) when (!outdated && IsUnavailable(e))
        {
            metrics.StaleServed(what);
            return (entry, CacheOutcome.Stale);
        }
    }

    /// <summary>The failures stale-if-error covers: the database (or the replica, with no fallback left) not answering, not a bug.</summary>
    public static bool IsUnavailable(Exception e) => DataUnavailable.Is(e);

    private async Task<T> ReloadAsync(string key, IReadOnlyList<string> tags, HybridCacheEntryOptions options, CacheLoad<T> load)
    {
        var mine = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _reloading.GetOrAdd(key, mine.Task);
        if (running != mine.Task)
        {
            return await running;
        }
        try
        {
            // Not the caller's token: other callers wait on this load too.
            var fresh = await load.LoadAsync(CancellationToken.None);
            await cache.SetAsync(key, fresh, options, tags);
            mine.SetResult(fresh);
        }
        catch (Exception e)
        {
            mine.SetException(e);
        }
        finally
        {
            _reloading.TryRemove(new KeyValuePair<string, Task<T>>(key, mine.Task));
        }
        return await mine.Task;
    }
}
