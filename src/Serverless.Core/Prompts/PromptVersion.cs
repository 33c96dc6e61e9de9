using System.Text.Json;

namespace Serverless.Core.Prompts;

/// <summary>One immutable, numbered version of a prompt template and the JSON schema its output must meet.</summary>
public sealed record PromptVersion(
    string Key,
    int Version,
    string SystemTemplate,
    string UserTemplate,
    string? ModelHint,
    JsonElement OutputSchema);
