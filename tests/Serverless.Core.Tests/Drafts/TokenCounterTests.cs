using Serverless.Core.Drafts;

namespace Serverless.Core.Tests.Drafts;

/// <summary>The counter remembers long texts' counts; what it returns is the tokenizer's count either way.</summary>
public sealed class TokenCounterTests
{
    private static readonly string SystemPrompt = string.Concat(Enumerable.Repeat("You write first drafts for a content team. Follow the house style. ", 30));

    [Fact]
    public void A_remembered_count_is_the_count_of_that_text()
    {
        var counter = new TokenCounter();
        var fresh = new TokenCounter();
        var other = SystemPrompt + " Answer in British English.";

        var first = counter.Count(SystemPrompt);
        var again = counter.Count(SystemPrompt);
        var changed = counter.Count(other);

        Assert.Equal(fresh.Count(SystemPrompt), first);
        Assert.Equal(first, again);
        Assert.Equal(fresh.Count(other), changed);
        Assert.NotEqual(first, changed);
    }

    [Fact]
    public void More_long_texts_than_it_remembers_are_still_counted_right()
    {
        var counter = new TokenCounter();
        var fresh = new TokenCounter();
        var texts = Enumerable.Range(0, TokenCounter.RememberedTexts + 10).Select(i => $"{SystemPrompt} Draft number {i}.").ToList();

        var counts = texts.Select(counter.Count).ToList();
        var againFirst = counter.Count(texts[0]);

        Assert.Equal(texts.Select(fresh.Count), counts);
        Assert.Equal(fresh.Count(texts[0]), againFirst);
    }

    [Fact]
    public void What_it_holds_stays_within_its_character_limit_however_long_the_texts()
    {
        var counter = new TokenCounter();
        var fresh = new TokenCounter();
        var article = string.Concat(Enumerable.Repeat("A long article body that a tenant asks to rewrite, sentence after sentence. ", 800));
        var texts = Enumerable.Range(0, 60).Select(i => $"{article} Version {i}.").ToList();

        var counts = texts.Select(counter.Count).ToList();

        Assert.InRange(article.Length, TokenCounter.RememberFromChars, TokenCounter.RememberUpToChars);
        Assert.True(counter.RememberedChars <= TokenCounter.RememberedCharsLimit, $"{counter.RememberedChars} characters held");
        Assert.True(counter.RememberedChars > 0);
        Assert.Equal(texts.Select(fresh.Count), counts);
    }

    [Fact]
    public void A_text_longer_than_it_remembers_is_counted_and_not_held()
    {
        var counter = new TokenCounter();
        var book = new string('x', TokenCounter.RememberUpToChars + 1);

        Assert.True(counter.Count(book) > 0);
        Assert.Equal(0, counter.RememberedChars);
    }

    [Fact]
    public void Short_and_empty_texts_are_counted_each_time()
    {
        var counter = new TokenCounter();

        Assert.Equal(0, counter.Count(""));
        Assert.True(counter.Count("Write a guide to budgeting for students") > 5);
    }
}
