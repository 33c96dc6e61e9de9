using Serverless.Core.Review;

namespace Serverless.Core.Tests.Review;

public sealed class ReviewSettingsTests
{
    [Fact]
    public void TheReviewSection_OfTheTenantsSettings_IsRead()
    {
        var settings = ReviewSettings.FromTenantSettings(
            """{"publicCache": {}, "review": {"autoApprove": true, "threshold": 0.85, "bannedTerms": ["a", " ", 3], "minLength": 5, "maxLength": 50}}""");

        Assert.True(settings.AutoApprove);
        Assert.Equal(0.85m, settings.Threshold);
        Assert.Equal(["a"], settings.BannedTerms);
        Assert.Equal(5, settings.MinLength);
        Assert.Equal(50, settings.MaxLength);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("""{"review": "yes"}""")]
    [InlineData("""{"review": {"autoApprove": "true", "threshold": "high"}}""")]
    public void MissingOrMalformedSettings_FallBackToReviewingEverything(string? json)
    {
        var settings = ReviewSettings.FromTenantSettings(json);

        Assert.False(settings.AutoApprove);
        Assert.Equal(ReviewSettings.Default.Threshold, settings.Threshold);
    }
}
