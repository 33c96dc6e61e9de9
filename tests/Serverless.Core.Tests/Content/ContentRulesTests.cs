using Serverless.Core.Content;

namespace Serverless.Core.Tests.Content;

public sealed class ContentRulesTests
{
    [Theory]
    [InlineData("hello", true)]
    [InlineData("hello-world-2", true)]
    [InlineData("Hello", false)]
    [InlineData("hello--world", false)]
    [InlineData("-hello", false)]
    [InlineData("hello world", false)]
    [InlineData("héllo", false)]
    [InlineData("", false)]
    public void IsSlug(string value, bool expected) => Assert.Equal(expected, ContentRules.IsSlug(value));

    [Fact]
    public void IsSlug_LongerThanTheLimit_IsRejected() =>
        Assert.False(ContentRules.IsSlug(new string('a', ContentRules.MaxSlugChars + 1)));

    [Theory]
    [InlineData("en", true)]
    [InlineData("en-GB", true)]
    [InlineData("es-419", true)]
    [InlineData("zh-Hant-TW", true)]
    [InlineData("EN", false)]
    [InlineData("en_GB", false)]
    [InlineData("english", false)]
    [InlineData("en-gb", false)]
    public void IsLocale(string value, bool expected) => Assert.Equal(expected, ContentRules.IsLocale(value));

    [Theory]
    [InlineData("article", true)]
    [InlineData("faq_entry", true)]
    [InlineData("1article", false)]
    [InlineData("Article", false)]
    public void IsType(string value, bool expected) => Assert.Equal(expected, ContentRules.IsType(value));
}
