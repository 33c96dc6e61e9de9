using Microsoft.Extensions.AI;

namespace Serverless.Llm.Caching;

/// <summary>
/// What a response served from a cache says about itself. Its <see cref="ChatResponse.Usage"/> is zero:
/// a hit spent nothing, and the original call's tokens are reported as saved, never again as spent.
/// </summary>
public sealed record CacheHit(string Kind, string Model, long SavedInputTokens, long SavedOutputTokens, float? Similarity = null)
{
    public const string Exact = "exact";
    public const string Semantic = "semantic";
    public const string PropertyName = "serverless.llm.cache_hit";

    public static CacheHit? From(ChatResponse response) =>
        response.AdditionalProperties?.TryGetValue(PropertyName, out var value) == true ? value as CacheHit : null;
}
