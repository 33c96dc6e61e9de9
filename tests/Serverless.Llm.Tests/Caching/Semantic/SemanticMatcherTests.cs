using Serverless.Llm.Caching.Semantic;

namespace Serverless.Llm.Tests.Caching.Semantic;

public sealed class SemanticMatcherTests
{
    private static readonly float[] Same = [1f, 0f];

    [Fact]
    public void Below_the_threshold_nothing_is_served()
    {
        var verdict = SemanticMatcher.Judge(TextFeatures.Extract("a"), Same, TextFeatures.Extract("a"), [0.6f, 0.8f], 0.9f);
        Assert.False(verdict.Serve);
        Assert.Equal(SemanticVerdict.BelowThreshold, verdict.RejectedBy);
        Assert.Equal(0.6f, verdict.Similarity, 0.0001f);
    }

    [Fact]
    public void Identical_vectors_are_still_refused_when_a_guard_disagrees()
    {
        var verdict = SemanticMatcher.Judge(
            TextFeatures.Extract("List 5 tips for better sleep"), Same, TextFeatures.Extract("List 10 tips for better sleep"), Same, 0.9f);
        Assert.False(verdict.Serve);
        Assert.Equal(SemanticGuards.Numbers, verdict.RejectedBy);
    }

    [Fact]
    public void A_differing_topic_word_without_a_close_counterpart_is_refused_by_the_word_check()
    {
        // "poem" and "essay" as orthogonal word vectors, everything else identical.
        var words = new Dictionary<string, float[]> { ["poem"] = [1f, 0f], ["essay"] = [0f, 1f], ["ocean"] = [0.5f, 0.5f] };
        var verdict = SemanticMatcher.Judge(
            TextFeatures.Extract("Write a poem about the ocean"), Same, TextFeatures.Extract("Write an essay about the ocean"), Same, 0.9f,
            w => words[w], 0.9f);
        Assert.False(verdict.Serve);
        Assert.Equal(SemanticMatcher.WordCheck, verdict.RejectedBy);
    }

    [Fact]
    public void Differing_words_with_close_counterparts_are_served()
    {
        var words = new Dictionary<string, float[]> { ["short"] = [1f, 0.1f], ["brief"] = [1f, 0.05f], ["bio"] = [0f, 1f], ["cto"] = [0.3f, 0.7f], ["new"] = [0.5f, 0.5f] };
        var verdict = SemanticMatcher.Judge(
            TextFeatures.Extract("Write a short bio for our new CTO"), Same, TextFeatures.Extract("Write a brief bio for our new CTO"), Same, 0.9f,
            w => words[w], 0.9f);
        Assert.True(verdict.Serve);
    }
}
