using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Worker.Llm;

/// <summary>The body of <c>POST /chat/completions</c>, the subset every OpenAI-compatible server accepts.</summary>
public sealed class ChatCompletionRequest
{
    public required string Model { get; init; }

    public required List<ChatCompletionMessage> Messages { get; init; }

    [JsonPropertyName("response_format")]
    public ChatCompletionResponseFormat? ResponseFormat { get; init; }

    public float? Temperature { get; init; }

    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get; init; }
}

public sealed class ChatCompletionMessage
{
    public required string Role { get; init; }

    public string? Content { get; init; }
}

/// <summary><c>{"type":"json_schema","json_schema":{...}}</c> or <c>{"type":"json_object"}</c>.</summary>
public sealed class ChatCompletionResponseFormat
{
    public required string Type { get; init; }

    [JsonPropertyName("json_schema")]
    public ChatCompletionJsonSchema? JsonSchema { get; init; }
}

public sealed class ChatCompletionJsonSchema
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public JsonElement Schema { get; init; }

    /// <summary>Not strict: strict mode rejects common schema keywords (minLength, maximum); we validate ourselves.</summary>
    public bool Strict { get; init; }
}
