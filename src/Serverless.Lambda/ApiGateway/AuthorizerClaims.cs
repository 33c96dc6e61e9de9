using System.Security.Claims;
using System.Text.Json;

namespace Serverless.Lambda.ApiGateway;

/// <summary>
/// Turns <c>requestContext.authorizer</c> into a principal: Cognito/JWT claims (1.0 <c>claims</c>,
/// 2.0 <c>jwt.claims</c> and <c>jwt.scopes</c>), a Lambda authorizer's context (1.0 top level, 2.0 <c>lambda</c>)
/// and IAM identity (2.0 <c>iam</c>). API Gateway has already verified them; we only carry them.
/// </summary>
public static class AuthorizerClaims
{
    public const string AuthenticationType = "ApiGateway";

    private const string Issuer = "ApiGateway";

    public static ClaimsPrincipal ToPrincipal(JsonElement? authorizer)
    {
        var claims = new List<Claim>();
        if (authorizer is { ValueKind: JsonValueKind.Object } root)
        {
            Collect(root, claims);
        }

        var identity = claims.Count == 0
            ? new ClaimsIdentity()
            : new ClaimsIdentity(claims, AuthenticationType, "sub", "cognito:groups");
        return new ClaimsPrincipal(identity);
    }

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
