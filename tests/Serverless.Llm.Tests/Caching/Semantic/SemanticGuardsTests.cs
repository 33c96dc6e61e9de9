using Serverless.Llm.Caching.Semantic;

namespace Serverless.Llm.Tests.Caching.Semantic;

public sealed class SemanticGuardsTests
{
    private static string? Disagreement(string a, string b) =>
        SemanticGuards.FirstDisagreement(TextFeatures.Extract(a), TextFeatures.Extract(b));

    [Theory]
    [InlineData("Explain why you should use microservices", "Explain why you should not use microservices")]
    [InlineData("Explain why cats make good pets", "Explain why cats don't make good pets")]
    [InlineData("Write about dishes that contain gluten", "Write about dishes without gluten")]
    [InlineData("Write about plants that are toxic to cats", "Write about plants that are non-toxic to cats")]
    public void A_negation_on_one_side_only_disagrees(string a, string b) => Assert.Equal(SemanticGuards.Negation, Disagreement(a, b));

    [Fact]
    public void Negations_written_differently_agree() =>
        Assert.Null(Disagreement("Write about dishes without gluten", "Write about gluten-free dishes"));

    [Theory]
    [InlineData("List 5 tips for better sleep", "List 10 tips for better sleep")]
    [InlineData("Write about investing $1,000", "Write about investing $100,000")]
    [InlineData("Write a post about what changed in Python 3.12", "Write a post about what changed in Python 3.13")]
    public void Different_quantities_disagree(string a, string b) => Assert.Equal(SemanticGuards.Numbers, Disagreement(a, b));

    [Fact]
    public void A_number_as_a_word_equals_its_digits() =>
        Assert.Null(Disagreement("Write a post with 3 ways to save on groceries", "Write a post with three ways to save on groceries"));

    [Theory]
    [InlineData("Write an announcement for our sale starting on Monday", "Write an announcement for our sale starting on Friday")]
    [InlineData("Write about gardening in spring", "Write about gardening in autumn")]
    [InlineData("Write a reminder that the office closes tomorrow", "Write a reminder that the office closed yesterday")]
    public void Different_dates_disagree(string a, string b) => Assert.Equal(SemanticGuards.Dates, Disagreement(a, b));

    [Theory]
    [InlineData("Write a blog post about AWS Lambda pricing", "Write a blog post about Azure Functions pricing")]
    [InlineData("Write a review of the Nikon Z6", "Write a review of the Canon R6")]
    public void Different_names_disagree(string a, string b) => Assert.Equal(SemanticGuards.Entities, Disagreement(a, b));

    [Theory]
    [InlineData("Summarize the key ideas of stoic philosophy", "Summarise the key ideas of Stoic philosophy")]
    [InlineData("Explain what a REST API is", "Explain REST APIs")]
    public void A_name_in_another_case_or_number_agrees(string a, string b) => Assert.Null(Disagreement(a, b));

    [Theory]
    [InlineData("Write a product description in German for a coffee grinder", "Write a product description in French for a coffee grinder")]
    [InlineData("Write a welcome email for customers in the UK", "Write a welcome email for customers in the US")]
    public void Different_locales_disagree(string a, string b) => Assert.Equal(SemanticGuards.Locale, Disagreement(a, b));

    [Fact]
    public void The_pronoun_it_is_not_the_italian_locale() =>
        Assert.Null(Disagreement("Write an explainer on what inflation is", "Write an explainer about inflation and what it is"));

    [Theory]
    [InlineData("Write about the advantages of TypeScript", "Write about the disadvantages of TypeScript")]
    [InlineData("Write about the best time to visit Japan", "Write about the worst time to visit Japan")]
    [InlineData("Explain how to enable two-factor authentication", "Explain how to disable two-factor authentication")]
    [InlineData("Write about foods that are safe for dogs", "Write about foods that are dangerous for dogs")]
    [InlineData("Write about the healthiest fast food", "Write about the unhealthiest fast food")]
    public void Opposite_poles_disagree(string a, string b) => Assert.Equal(SemanticGuards.Opposites, Disagreement(a, b));

    [Fact]
    public void Both_poles_on_both_sides_agree() =>
        Assert.Null(Disagreement("Write about the pros and cons of nuclear energy", "Write about the advantages and disadvantages of nuclear energy"));
}
