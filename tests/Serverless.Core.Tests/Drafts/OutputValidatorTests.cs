using System.Text.Json;
using Serverless.Core.Drafts;

namespace Serverless.Core.Tests.Drafts;

public sealed class OutputValidatorTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"object","required":["title","confidence"],"additionalProperties":false,
         "properties":{"title":{"type":"string","minLength":1},"confidence":{"type":"number","minimum":0,"maximum":1}}}
        """).RootElement;

    private readonly OutputValidator _validator = new();

    [Fact]
    public void MatchingOutput_IsValid_AndParsed()
    {
        var result = _validator.Validate("k:1", Schema, """{"title":"Hi","confidence":0.4}""");

        Assert.True(result.IsValid);
        Assert.Equal("Hi", result.Value!.Value.GetProperty("title").GetString());
    }

    [Fact]
    public void OutputInAMarkdownFence_IsAccepted()
    {
        Assert.True(_validator.Validate("k:1", Schema, "```json\n{\"title\":\"Hi\",\"confidence\":1}\n```").IsValid);
    }

    [Fact]
    public void SchemaViolations_AreListedWithWhereTheyAre()
    {
        var result = _validator.Validate("k:1", Schema, """{"title":"","confidence":3,"extra":true}""");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.StartsWith("/title", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("/confidence", StringComparison.Ordinal));
        Assert.True(result.Errors.Count >= 3, string.Join("\n", result.Errors));
    }

    [Fact]
    public void TextThatIsNotJson_IsInvalid_WithAReason()
    {
        var result = _validator.Validate("k:1", Schema, "Sure! Here is your draft.");

        Assert.Contains("not JSON", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void TwoPromptVersions_AreValidatedAgainstTheirOwnSchemas()
    {
        var loose = JsonDocument.Parse("""{"type":"object"}""").RootElement;

        Assert.True(_validator.Validate("k:2", loose, """{"anything":1}""").IsValid);
        Assert.False(_validator.Validate("k:1", Schema, """{"anything":1}""").IsValid);
    }
}
