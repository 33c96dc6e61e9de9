namespace Serverless.Worker.Llm;

/// <summary>One link of the fallback chain: a provider and the model to ask.</summary>
public sealed class LlmProviderOptions
{
    /// <summary>Recorded on every draft it produced, e.g. "openai", "ollama", "offline".</summary>
    public string Name { get; set; } = "";

    /// <summary><c>openai</c> (any OpenAI-compatible chat completions endpoint) or <c>offline</c>.</summary>
    public string Kind { get; set; } = LlmProviderKinds.Offline;

    /// <summary>e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama), a vLLM server, Azure's /openai/v1.</summary>
    public string? BaseUrl { get; set; }

    public string? Model { get; set; }

    /// <summary>From secrets, never from a committed file (user-secrets locally, Secrets Manager on AWS).</summary>
    public string? ApiKey { get; set; }

    /// <summary>On AWS: a secret reference (<c>/aws/reference/secretsmanager/…</c>) that fills <see cref="ApiKey"/> at start-up.</summary>
    public string? ApiKeyParameter { get; set; }

    /// <summary>Where the key goes: <c>Authorization</c> (as a bearer token) or e.g. <c>api-key</c> for Azure.</summary>
    public string ApiKeyHeader { get; set; } = "Authorization";

    /// <summary>A prompt version's model hint ("small", "large") mapped to this provider's model.</summary>
    public Dictionary<string, string> Models { get; set; } = [];
}
