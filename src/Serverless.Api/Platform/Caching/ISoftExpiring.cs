namespace Serverless.Api.Platform.Caching;

/// <summary>A cached value that knows until when it is fresh; it is kept longer, for stale-if-error.</summary>
public interface ISoftExpiring
{
    DateTimeOffset FreshUntil { get; }
}
