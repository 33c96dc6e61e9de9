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

    public bool Found => Body is not null;

    /// <summary>
    /// The <c>Cache-Control</c> of a shared answer, from <see cref="Settings"/>: made on the first hit and kept
    /// with the entry (L1 hands out this instance), so later hits send it without formatting it again.
    /// </summary>
    [JsonIgnore]
    public string CacheControl => _cacheControl ??= string.Create(CultureInfo.InvariantCulture,
        $"public, max-age={Settings.MaxAge}, s-maxage={Settings.SMaxAge}, stale-while-revalidate={Settings.StaleWhileRevalidate}, stale-if-error={Settings.StaleIfError}");
}
