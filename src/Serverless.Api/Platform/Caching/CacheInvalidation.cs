namespace Serverless.Api.Platform.Caching;

/// <summary>
/// "These tags changed at this WAL position", sent to every instance over Redis pub/sub.
/// <see cref="Origin"/> lets the sender skip its own message (it applied it already).
/// </summary>
public sealed record CacheInvalidation(IReadOnlyList<string> Tags, string Lsn, string Origin);
