using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Serverless.Core.ApiKeys;
using Serverless.Core.Telemetry;

namespace Serverless.Api.Auth;

/// <summary>
/// Keeps recent key checks in process memory, so most requests do not touch the database to
/// authenticate. Entries live at most <see cref="ApiKeyOptions.CacheSeconds"/>: that bounds how long a
/// revoked key keeps working. Unknown keys are remembered briefly too, so a flood of bad keys
/// cannot turn into a flood of queries. The cache is keyed by a hash, never by the key itself.
/// </summary>
public sealed class ApiKeyCache(ApiKeyAuthenticator authenticator, IMemoryCache cache, IOptions<ApiKeyOptions> options, CoreMetrics metrics)
{
    private sealed record Entry(AuthenticatedKey? Key);

    public async Task<AuthenticatedKey?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        var cacheKey = "apikey:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        if (cache.TryGetValue(cacheKey, out Entry? entry) && entry is not null)
        {
            metrics.RecordCacheCall("apikey", "hit");
            return entry.Key;
        }
        metrics.RecordCacheCall("apikey", "miss");
        var key = await authenticator.AuthenticateAsync(presented, ct);
        var ttl = TimeSpan.FromSeconds(key is null ? options.Value.NegativeCacheSeconds : options.Value.CacheSeconds);
        if (ttl > TimeSpan.Zero)
        {
            cache.Set(cacheKey, new Entry(key), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, Size = 1 });
        }
        return key;
    }
}
