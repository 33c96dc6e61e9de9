using NpgsqlTypes;

namespace Serverless.Api.Platform.Caching;

/// <summary>
/// A cache outside HybridCache that must also drop what a tag names (the CORS origins, for a tenant's tag). The
/// invalidation bus calls every registered listener after it raised the tags' fences, for its own changes, for
/// other instances' (Redis pub/sub) and for other regions' (<c>cache_invalidations</c>).
/// </summary>
public interface ITagInvalidationListener
{
    void Invalidated(IReadOnlyList<string> tags, NpgsqlLogSequenceNumber lsn);
}
