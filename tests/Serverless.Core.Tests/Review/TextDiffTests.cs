using Serverless.Core.Review;

namespace Serverless.Core.Tests.Review;

/// <summary>The word diff stored with an edit: runs that rebuild both texts exactly.</summary>
public sealed class TextDiffTests
{
    [Fact]
    public void Words_MarksTheChangedWords()
    {
        var diff = TextDiff.Words("We open at nine.", "We open at ten.");

        Assert.Equal(
            [new DiffSegment("equal", "We open at "), new DiffSegment("delete", "nine."), new DiffSegment("insert", "ten.")],
            diff);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("same text", "same text")]
    [InlineData("", "all new")]
    [InlineData("all gone", "")]
    [InlineData("The quick brown fox\njumps over the lazy dog.", "A quick red fox\n\njumps over a lazy dog, twice.")]
    public void Words_RebuildsBothTexts(string before, string after)
    {
        var diff = TextDiff.Words(before, after);

        Assert.Equal(before, string.Concat(diff.Where(s => s.Op != DiffSegment.Insert).Select(s => s.Text)));
        Assert.Equal(after, string.Concat(diff.Where(s => s.Op != DiffSegment.Delete).Select(s => s.Text)));
    }

    [Fact]
    public void AnEditThatChangesNothing_IsNotAChange()
    {
        Assert.False(DraftEdit.Between("T", "Body text.", "T", "Body text.").Changed);
        Assert.True(DraftEdit.Between("T", "Body text.", "T2", "Body text.").Changed);
    }

    [Fact]
    public void RegenerationInstructions_LeadWithTheFeedback_AndNameTheRejection()
    {
        var text = RegenerationInstructions.For("Shorter.", "tone", "Too formal.");

        Assert.Contains("Their feedback on the previous one: Shorter.", text, StringComparison.Ordinal);
        Assert.EndsWith("rejected as 'tone': Too formal.", text, StringComparison.Ordinal);
        Assert.True(RegenerationInstructions.For(new string('x', 5000), null, null).Length <= RegenerationInstructions.MaxLength);
    }
}
