using System.Text.Json.Serialization;

namespace Serverless.Api.Features.Console.SignIn;

/// <summary>The local issuer's OpenID Provider metadata: only what the authorization-code flow with PKCE uses.</summary>
public sealed record DiscoveryDocument(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("authorization_endpoint")] string AuthorizationEndpoint,
    [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
    [property: JsonPropertyName("response_types_supported")] string[] ResponseTypes,
    [property: JsonPropertyName("grant_types_supported")] string[] GrantTypes,
    [property: JsonPropertyName("code_challenge_methods_supported")] string[] CodeChallengeMethods);
