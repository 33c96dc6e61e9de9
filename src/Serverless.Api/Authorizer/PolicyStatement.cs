using System.Text.Json.Serialization;

namespace Serverless.Api.Authorizer;

public sealed record PolicyStatement(
    [property: JsonPropertyName("Action")] string Action,
    [property: JsonPropertyName("Effect")] string Effect,
    [property: JsonPropertyName("Resource")] string Resource);
