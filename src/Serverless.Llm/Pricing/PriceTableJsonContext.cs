using System.Text.Json.Serialization;

namespace Serverless.Llm.Pricing;

internal sealed record PriceTableDocument(string Currency, long UnitTokens, IReadOnlyList<PriceVersion> Versions);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PriceTableDocument))]
internal sealed partial class PriceTableJsonContext : JsonSerializerContext;
