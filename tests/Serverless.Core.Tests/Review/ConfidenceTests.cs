using Serverless.Core.Review;

namespace Serverless.Core.Tests.Review;

/// <summary>The combined confidence: the model's score, checked by the schema, length and banned-term validators.</summary>
public sealed class ConfidenceTests
{
    private static readonly ReviewSettings Settings = ReviewSettings.Default with { MinLength = 10, MaxLength = 100, BannedTerms = ["guaranteed", "cure"] };

    [Fact]
    public void ACleanDraft_KeepsTheModelsScore()
    {
        var (score, signals) = Confidence.Combine(0.83m, "Title", "A body of fine length.", Settings);

        Assert.Equal(0.83m, score);
        Assert.True(signals.SchemaValid);
        Assert.True(signals.LengthWithinBounds);
        Assert.Empty(signals.BannedTermsFound);
    }

    [Theory]
    [InlineData("Short.")]
    [InlineData("This body is far too long for the bounds the tenant set, because it goes on and on and on and on and on and on.")]
    public void ABodyOutsideTheLengthBounds_HalvesTheScore(string body)
    {
        var (score, signals) = Confidence.Combine(0.9m, "Title", body, Settings);

        Assert.Equal(0.45m, score);
        Assert.False(signals.LengthWithinBounds);
    }

    [Theory]
    [InlineData("Results GUARANTEED.", "guaranteed")]
    [InlineData("A cure, at last.", "cure")]
    public void ABannedTerm_AnywhereInTitleOrBody_MakesTheScoreZero(string body, string term)
    {
        var (score, signals) = Confidence.Combine(1m, "Title", body, Settings);

        Assert.Equal(0m, score);
        Assert.Equal([term], signals.BannedTermsFound);
    }

    [Fact]
    public void BannedTerms_MatchWholeWordsOnly()
    {
        var (score, signals) = Confidence.Combine(0.7m, "Procure", "Secure and curated content.", Settings);

        Assert.Equal(0.7m, score);
        Assert.Empty(signals.BannedTermsFound);
    }

    [Theory]
    [InlineData(null, "A body of fine length.")]
    [InlineData("Title", null)]
    [InlineData("  ", "A body of fine length.")]
    public void ADraftWithoutTitleOrBody_FailsTheSchemaCheck_AndScoresZero(string? title, string? body)
    {
        var (score, signals) = Confidence.Combine(0.99m, title, body, Settings);

        Assert.Equal(0m, score);
        Assert.False(signals.SchemaValid);
    }

    [Fact]
    public void AModelThatGivesNoScore_CountsAsUndecided()
    {
        var (score, _) = Confidence.Combine(null, "Title", "A body of fine length.", Settings);

        Assert.Equal(Confidence.UnknownModelScore, score);
    }

    [Theory]
    [InlineData(true, 0.8, 0.8, true)]
    [InlineData(true, 0.8, 0.799, false)]
    [InlineData(false, 0.8, 1.0, false)]
    public void AutoApproval_NeedsConsentAndAScoreAtOrAboveTheThreshold(bool allowed, double threshold, double score, bool expected)
    {
        var settings = ReviewSettings.Default with { AutoApprove = allowed, Threshold = (decimal)threshold };

        Assert.Equal(expected, Confidence.AutoApproves((decimal)score, settings));
    }
}
