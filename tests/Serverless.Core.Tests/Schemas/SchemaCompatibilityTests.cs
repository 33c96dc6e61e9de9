using System.Text.Json;
using Serverless.Core.Schemas;

namespace Serverless.Core.Tests.Schemas;

public sealed class SchemaCompatibilityTests
{
    private const string V1 = """{"type":"object","required":["title"],"properties":{"title":{"type":"string"},"author":{"type":"string"}}}""";

    private static IReadOnlyList<string> Breaking(string next) =>
        SchemaCompatibility.BreakingChanges(JsonDocument.Parse(V1).RootElement, JsonDocument.Parse(next).RootElement);

    [Fact]
    public void AnOptionalFieldAdded_IsCompatible()
    {
        Assert.Empty(Breaking("""{"type":"object","required":["title"],"properties":{"title":{"type":"string"},"author":{"type":"string"},"format":{"type":"string"}}}"""));
    }

    [Fact]
    public void ARequiredFieldMadeOptional_OrADescriptionAdded_IsCompatible()
    {
        Assert.Empty(Breaking("""{"type":"object","properties":{"title":{"type":"string","description":"The headline"},"author":{"type":"string"}}}"""));
    }

    [Theory]
    [InlineData("""{"type":"object","required":["title"],"properties":{"title":{"type":"string"}}}""", "'author' is removed")]
    [InlineData("""{"type":"object","required":["title"],"properties":{"title":{"type":"string"},"byline":{"type":"string"}}}""", "'author' is removed")]
    [InlineData("""{"type":"object","required":["title","author"],"properties":{"title":{"type":"string"},"author":{"type":"string"}}}""", "'author' becomes required")]
    [InlineData("""{"type":"object","required":["title"],"properties":{"title":{"type":"integer"},"author":{"type":"string"}}}""", "'title' changes its type")]
    [InlineData("""{"type":"object","required":["title"],"additionalProperties":false,"properties":{"title":{"type":"string"},"author":{"type":"string"}}}""", "additionalProperties becomes false")]
    public void RemovingRenamingRequiringRetypingOrClosing_IsBreaking(string next, string expected)
    {
        Assert.Contains(Breaking(next), change => change.StartsWith(expected, StringComparison.Ordinal));
    }
}
