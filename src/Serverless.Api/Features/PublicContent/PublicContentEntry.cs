using System.ComponentModel;
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
    public bool Found => Body is not null;
}
