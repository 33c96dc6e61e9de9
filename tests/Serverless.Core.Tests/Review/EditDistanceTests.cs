using Serverless.Core.Review;

namespace Serverless.Core.Tests.Review;

/// <summary>Word-level Levenshtein distance over the longer text's word count.</summary>
public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("a b c d", "a b c d", 0)]
    [InlineData("a b c d", "a  b\nc d", 0)]
    [InlineData("a b c d", "a x c d", 0.25)]
    [InlineData("a b c d", "a b c", 0.25)]
    [InlineData("a b", "c d e f", 1)]
    [InlineData("", "", 0)]
    [InlineData("", "new text", 1)]
    public void Normalised_CountsWordEditsOverTheLongerText(string before, string after, double expected)
    {
        Assert.Equal((decimal)expected, EditDistance.Normalised(before, after));
    }

    [Fact]
    public void Normalised_IsSymmetric()
    {
        Assert.Equal(EditDistance.Normalised("one two three", "one three four five"), EditDistance.Normalised("one three four five", "one two three"));
    }
}
