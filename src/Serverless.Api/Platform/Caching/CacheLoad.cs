namespace Serverless.Api.Platform.Caching;

/// <summary>
/// What <see cref="StaleIfErrorCache{T}"/> runs on a miss, and how it tells a cached copy known to be out of date.
/// One object per lookup, carrying its own state: a cache hit allocates it and nothing else (no closures, no
/// delegates; issue 17).
/// </summary>
public abstract class CacheLoad<T>
{
    /// <summary>Set when the cache ran <see cref="LoadAsync"/> for this lookup (a miss).</summary>
    internal bool Ran { get; set; }

    public abstract Task<T> LoadAsync(CancellationToken ct);

    /// <summary>True for a copy known to predate a change: never served, even when stale is all there is.</summary>
    public virtual bool IsOutdated(T cached) => false;
}
