using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Llm.Caching.Exact;

[JsonSerializable(typeof(JsonElement))]
internal sealed partial class LlmKeyJsonContext : JsonSerializerContext;
