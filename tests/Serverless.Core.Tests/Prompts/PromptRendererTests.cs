using System.Text.Json;
using Serverless.Core.Prompts;

namespace Serverless.Core.Tests.Prompts;

public sealed class PromptRendererTests
{
    private static readonly PromptVersion Prompt = new(
        "content.draft", 3, "You write {{ kind }} drafts.", "Title: {{title}}\nNotes: {{body}} ({{title}})", "small",
        JsonDocument.Parse("{}").RootElement);

    [Fact]
    public void EveryPlaceholder_IsARequiredVariable()
    {
        Assert.Equal(["body", "kind", "title"], PromptRenderer.VariablesOf(Prompt));
    }

    [Fact]
    public void Render_FillsEveryPlaceholder_InBothTemplates()
    {
        var rendered = PromptRenderer.Render(Prompt, new Dictionary<string, string> { ["kind"] = "blog", ["title"] = "T", ["body"] = "{{not a placeholder to fill twice}}" });

        Assert.Equal("You write blog drafts.", rendered.System);
        Assert.Equal("Title: T\nNotes: {{not a placeholder to fill twice}} (T)", rendered.User);
        Assert.Same(Prompt, rendered.Version);
    }

    [Fact]
    public void MissingVariables_FailBeforeAnyModelIsCalled_NamingEachOne()
    {
        var error = Assert.Throws<MissingPromptVariablesException>(() =>
            PromptRenderer.Render(Prompt, new Dictionary<string, string> { ["title"] = "T" }));

        Assert.Equal(["body", "kind"], error.Missing);
        Assert.Contains("content.draft v3", error.Message, StringComparison.Ordinal);
    }
}
