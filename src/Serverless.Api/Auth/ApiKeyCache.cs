using System.Buffers;
using System.Buffers.Binary;
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

    /// <summary>
    /// The cache key: the SHA-256 of the presented key, as a value. The hex string it was made into before cost
    /// four allocations per authenticated request (the UTF-8 bytes, the hash, the hex, the prefixed copy; issue 17).
    /// A value of its own type cannot be mistaken for another user's string key in the shared memory cache.
    /// </summary>
    private readonly record struct KeyHash(ulong A, ulong B, ulong C, ulong D)
    {
        public static KeyHash Of(string presented)
        {
            var length = Encoding.UTF8.GetMaxByteCount(presented.Length);
            byte[]? rented = null;
            Span<byte> utf8 = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            var written = Encoding.UTF8.GetBytes(presented, utf8);
            SHA256.HashData(utf8[..written], hash);
            // The buffer held a secret: wiped before it goes back (the stack's is gone with the frame).
            utf8[..written].Clear();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
            return new KeyHash(
                BinaryPrimitives.ReadUInt64LittleEndian(hash), BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]), BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]));
        }
    }

    public async Task<AuthenticatedKey?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        var settings = options.Value;
        var cacheKey = KeyHash.Of(presented);
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
