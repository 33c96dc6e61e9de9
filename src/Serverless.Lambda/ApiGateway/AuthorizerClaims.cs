using System.Security.Claims;
using System.Text.Json;

namespace Serverless.Lambda.ApiGateway;

/// <summary>
/// Reads <c>requestContext.authorizer</c> as claims: Cognito/JWT claims (1.0 <c>claims</c>, 2.0
/// <c>jwt.claims</c> and <c>jwt.scopes</c>), a Lambda authorizer's context (1.0 top level, 2.0 <c>lambda</c>)
/// and IAM identity (2.0 <c>iam</c>). They are data about the request, not a sign-in: whether they
/// authenticate anyone is the app's decision (<see cref="Hosting.LambdaHostingOptions.AuthorizerIsUser"/>),
/// because a function reachable any other way, or an authorizer that passes things through, would
/// otherwise hand a forged identity straight to <c>HttpContext.User</c>.
/// </summary>
public static class AuthorizerClaims
{
    public const string AuthenticationType = "ApiGateway";

    private const string Issuer = "ApiGateway";

    public static IReadOnlyList<Claim> Read(JsonElement? authorizer)
    {
        var claims = new List<Claim>();
        if (authorizer is { ValueKind: JsonValueKind.Object } root)
        {
            Collect(root, claims);
        }

        return claims;
    }

    /// <summary>An authenticated principal from the claims: only for apps that opted in.</summary>
    public static ClaimsPrincipal ToPrincipal(IReadOnlyList<Claim> claims) =>
        new(claims.Count == 0 ? new ClaimsIdentity() : new ClaimsIdentity(claims, AuthenticationType, "sub", "cognito:groups"));

    private static void Collect(JsonElement element, List<Claim> claims)
    {
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "claims" or "lambda" or "iam" or "jwt" when property.Value.ValueKind == JsonValueKind.Object:
                    Collect(property.Value, claims);
                    break;
                case "scopes" when property.Value.ValueKind == JsonValueKind.Array:
                    AddScalar("scope", property.Value, claims);
                    break;
                case "integrationLatency":
                    // Gateway bookkeeping, not something the caller is.
                    break;
                default:
                    AddScalar(property.Name, property.Value, claims);
                    break;
            }
        }
    }

    private static void AddScalar(string type, JsonElement value, List<Claim> claims)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                claims.Add(new Claim(type, value.GetString()!, ClaimValueTypes.String, Issuer));
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                claims.Add(new Claim(type, value.GetRawText(), ClaimValueTypes.String, Issuer));
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    AddScalar(type, item, claims);
                }

                break;
            default:
                break;
        }
    }
}
