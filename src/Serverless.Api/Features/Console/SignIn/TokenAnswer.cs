using System.Text.Json.Serialization;

namespace Serverless.Api.Features.Console.SignIn;

/// <summary>The token endpoint's answer, in OAuth 2.0's own field names.</summary>
public sealed record TokenAnswer(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("id_token")] string IdToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
