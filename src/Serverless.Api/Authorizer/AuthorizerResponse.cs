using System.Text.Json.Serialization;

namespace Serverless.Api.Authorizer;

/// <summary>
/// A Lambda authorizer's answer: who (<c>principalId</c>), what they may invoke, data for the
/// integration (<c>context</c>, string values only) and, with <c>ApiKeySource: AUTHORIZER</c>, the API
/// key whose usage plan meters and throttles the request.
/// </summary>
public sealed record AuthorizerResponse(
    [property: JsonPropertyName("principalId")] string PrincipalId,
    [property: JsonPropertyName("policyDocument")] PolicyDocument PolicyDocument,
    [property: JsonPropertyName("context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, string>? Context,
    [property: JsonPropertyName("usageIdentifierKey"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UsageIdentifierKey);
