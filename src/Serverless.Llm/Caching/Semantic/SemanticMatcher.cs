namespace Serverless.Llm.Caching.Semantic;

/// <summary>
/// Decides a semantic hit: the similarity must reach the task's threshold, every guard must agree, and
/// (when word vectors are given) each topic word one request has and the other lacks must have a close
/// counterpart. Pure, so the cache and the benchmark run the very same decision.
/// </summary>
public static class SemanticMatcher
{
    public const string WordCheck = "words";

    public static SemanticVerdict Judge(
        TextFeatures query, ReadOnlySpan<float> queryVector,
        TextFeatures candidate, ReadOnlySpan<float> candidateVector,
        float threshold,
        Func<string, float[]>? wordVectors = null,
        float wordMinimum = SemanticCacheOptions.DefaultWordSimilarity)
    {
        var similarity = CosineSimilarity.Of(queryVector, candidateVector);
        if (similarity < threshold)
        {
            return new SemanticVerdict(false, similarity, SemanticVerdict.BelowThreshold);
        }
        var disagreement = SemanticGuards.FirstDisagreement(query, candidate);
        if (disagreement is not null)
        {
            return new SemanticVerdict(false, similarity, disagreement);
        }
        if (wordVectors is not null && !ContentDifference.Of(query, candidate).Aligned(wordVectors, wordMinimum))
        {
            return new SemanticVerdict(false, similarity, WordCheck);
        }
        return new SemanticVerdict(true, similarity, null);
    }
}
