namespace Serverless.Infra.Config;

/// <summary>
/// The worker's model provider: Bedrock's OpenAI-compatible Chat Completions endpoint
/// (<c>https://bedrock-runtime.REGION.amazonaws.com/openai/v1</c>), authenticated with a Bedrock API key
/// kept in a Secrets Manager secret the stack creates and an operator fills (docs/deploy.md).
/// </summary>
public sealed record LlmConfig
{
    /// <summary>Recorded on every draft (LlmProviderOptions.Name).</summary>
    public string Name { get; init; } = "bedrock";

    /// <summary>The Bedrock region; empty means the primary region (the only one with a worker).</summary>
    public string? Region { get; init; }

    /// <summary>The default model id, e.g. "openai.gpt-oss-120b-1:0".</summary>
    public string Model { get; init; } = "openai.gpt-oss-120b-1:0";

    /// <summary>A prompt version's model hint ("small", "large") mapped to a model id.</summary>
    public IReadOnlyDictionary<string, string> Models { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Lets the worker run the offline deterministic model outside Development. Only for an environment
    /// that knowingly has no model; drafts then say they are offline.
    /// </summary>
    public bool AllowOffline { get; init; }

    public string RegionOr(string primary) => string.IsNullOrWhiteSpace(Region) ? primary : Region;

    public string BaseUrl(string primary) => $"https://bedrock-runtime.{RegionOr(primary)}.amazonaws.com/openai/v1";

    /// <summary>Every model the worker may ask for.</summary>
    public IEnumerable<string> AllModels => Models.Values.Prepend(Model).Distinct(StringComparer.Ordinal);
}
