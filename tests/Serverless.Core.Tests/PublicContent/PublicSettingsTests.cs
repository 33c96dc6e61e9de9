using Serverless.Core.PublicContent;

namespace Serverless.Core.Tests.PublicContent;

/// <summary>A tenant's public-page settings as stored by operators or the API: anything malformed is the default, never an error.</summary>
public sealed class PublicSettingsTests
{
    [Fact]
    public void Stored_values_in_range_are_read()
    {
        var settings = PublicSettings.FromJson("""{"defaultLocale":"de-AT","publicCache":{"maxAge":120,"sMaxAge":600,"staleWhileRevalidate":5,"staleIfError":0}}""");

        Assert.Equal(new PublicSettings("de-AT", 120, 600, 5, 0), settings);
    }

    [Theory]
    [InlineData("""{"publicCache":{"maxAge":"120"}}""")]
    [InlineData("""{"publicCache":{"maxAge":true}}""")]
    [InlineData("""{"publicCache":{"maxAge":1.5}}""")]
    [InlineData("""{"publicCache":{"maxAge":-1}}""")]
    [InlineData("""{"publicCache":"long","defaultLocale":42}""")]
    public void A_malformed_value_falls_back_to_the_default(string json)
    {
        var settings = PublicSettings.FromJson(json);

        Assert.Equal(PublicSettings.Default, settings);
    }
}
