using System.Text.Json.Serialization;

namespace Serverless.Worker.Llm;

/// <summary>The parts of a chat completion we read: the first choice's text, the model and the token usage.</summary>
public sealed class ChatCompletionResponse
{
    public string? Id { get; init; }

    public string? Model { get; init; }

    public List<ChatCompletionChoice> Choices { get; init; } = [];

    public ChatCompletionUsage? Usage { get; init; }
}

public sealed class ChatCompletionChoice
{
    public ChatCompletionMessage? Message { get; init; }

    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; init; }
}

public sealed class ChatCompletionUsage
{
    [JsonPropertyName("prompt_tokens")]
    public int? PromptTokens { get; init; }

    [JsonPropertyName("completion_tokens")]
    public int? CompletionTokens { get; init; }
}
