using System.Text.Json.Serialization;

namespace Serverless.Worker.Llm;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
public sealed partial class ChatCompletionJsonContext : JsonSerializerContext;
