using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using Serverless.Api.Platform.Caching;
using Serverless.Core.PublicContent;

namespace Serverless.Api.Features.PublicContent;

/// <summary>
/// A cached public answer: the response body already serialized, with its strong ETag, or "not found"
/// (<see cref="Body"/> null). <see cref="ReadAt"/> is the WAL position the answer reflects. Immutable,
/// so HybridCache hands out the same instance from L1 instead of deserializing it on every hit.
/// </summary>
[ImmutableObject(true)]
public sealed record PublicContentEntry(
    byte[]? Body, string? ETag, PublicSettings Settings, ulong ReadAt, DateTimeOffset FreshUntil) : ISoftExpiring
{
    private string? _cacheControl;
    private AddressKeys? _surrogateKeys;
    private PublicBody? _answer;

    public bool Found => Body is not null;

    /// <summary>
    /// The <c>Cache-Control</c> of a shared answer, from <see cref="Settings"/>: made on the first hit and kept
    /// with the entry (L1 hands out this instance), so later hits send it without formatting it again.
    /// </summary>
    [JsonIgnore]
    public string CacheControl => _cacheControl ??= string.Create(CultureInfo.InvariantCulture,
        $"public, max-age={Settings.MaxAge}, s-maxage={Settings.SMaxAge}, stale-while-revalidate={Settings.StaleWhileRevalidate}, stale-if-error={Settings.StaleIfError}");

    /// <summary>The 200 answer that writes <see cref="Body"/>, made on the first hit and kept with the entry.</summary>
    [JsonIgnore]
    public PublicBody Answer => _answer ??= new PublicBody(Body ?? throw new InvalidOperationException("A not-found entry has no body to answer with."));

    /// <summary>
    /// The <c>Surrogate-Key</c> of this answer at this address, made once and kept with the entry like
    /// <see cref="CacheControl"/> (an entry is keyed by tenant id, so a renamed tenant's slug makes it anew).
    /// </summary>
    public string SurrogateKeys(string tenantSlug, string type, string slug)
    {
        // One reference, written whole: a reader sees an earlier address's keys or these, never a mix.
        if (_surrogateKeys is { } known && known.Tenant == tenantSlug && known.Type == type && known.Slug == slug)
        {
            return known.Keys;
        }
        var keys = PublicCacheKeys.SurrogateKeys(tenantSlug, type, slug);
        _surrogateKeys = new AddressKeys(tenantSlug, type, slug, keys);
        return keys;
    }

    private sealed record AddressKeys(string Tenant, string Type, string Slug, string Keys);
}
