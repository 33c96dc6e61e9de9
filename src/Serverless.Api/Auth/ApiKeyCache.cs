using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Serverless.Core.ApiKeys;
using Serverless.Core.Data;
using Serverless.Core.Telemetry;

namespace Serverless.Api.Auth;

/// <summary>
/// Keeps recent key checks in process memory, so most requests do not touch the database to
/// authenticate. A check is reused for <see cref="ApiKeyOptions.CacheSeconds"/>, then made again: that
/// bounds how long a revoked key keeps working while the database answers. When no database answers the
/// re-check, a key verified within <see cref="ApiKeyOptions.StaleSeconds"/> keeps working (counted as
/// "stale"), so a database outage does not turn into every product's reads failing; a key never verified
/// gets 503. Unknown keys are remembered briefly too, so a flood of bad keys cannot turn into a flood of
/// queries. The cache is keyed by a hash, never by the key itself.
/// </summary>
public sealed class ApiKeyCache(
    ApiKeyAuthenticator authenticator, IMemoryCache cache, IOptions<ApiKeyOptions> options, CoreMetrics metrics, ApiKeyUseRecorder uses, TimeProvider time)
{
    private sealed record Entry(AuthenticatedKey? Key, DateTimeOffset CheckedAt);

    public async Task<AuthenticatedKey?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        var settings = options.Value;
        var cacheKey = "apikey:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        var now = time.GetUtcNow();
        cache.TryGetValue(cacheKey, out Entry? entry);
        if (entry is not null && now - entry.CheckedAt < TimeSpan.FromSeconds(entry.Key is null ? settings.NegativeCacheSeconds : settings.CacheSeconds))
        {
            metrics.RecordCacheCall("apikey", "hit");
            return entry.Key;
        }
        metrics.RecordCacheCall("apikey", "miss");
        AuthenticatedKey? key;
        try
        {
            key = await authenticator.AuthenticateAsync(presented, ct);
        }
        catch (Exception e) when (entry?.Key is not null && now - entry.CheckedAt < TimeSpan.FromSeconds(settings.StaleSeconds) && DataUnavailable.Is(e))
        {
            metrics.RecordCacheCall("apikey", "stale");
            return entry.Key;
        }
        if (key is not null)
        {
            uses.Note(ApiKeySecret.PrefixOf(presented)!);
        }
        // A verified key is kept for the stale window; it is re-checked after CacheSeconds all the same.
        var keep = TimeSpan.FromSeconds(key is null ? settings.NegativeCacheSeconds : Math.Max(settings.CacheSeconds, settings.StaleSeconds));
        if (keep > TimeSpan.Zero)
        {
            cache.Set(cacheKey, new Entry(key, now), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = keep, Size = 1 });
        }
        return key;
    }
}
