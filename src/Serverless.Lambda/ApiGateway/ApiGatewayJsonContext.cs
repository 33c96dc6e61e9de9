using System.Text.Json.Serialization;

namespace Serverless.Lambda.ApiGateway;

// Source-generated so the adapter stays trimming- and Native-AOT-clean.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RestApiRequest))]
[JsonSerializable(typeof(HttpApiRequest))]
public sealed partial class ApiGatewayJsonContext : JsonSerializerContext;
