using System.Text.Json.Serialization;

namespace Serverless.Llm.Caching;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CachedCompletion))]
[JsonSerializable(typeof(Semantic.SemanticEntry))]
internal sealed partial class LlmCacheJsonContext : JsonSerializerContext;
