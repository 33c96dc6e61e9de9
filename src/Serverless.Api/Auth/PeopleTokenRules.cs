using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.Api.Auth;

/// <summary>
/// What makes a person's token acceptable, in one place: the API's bearer scheme and the API Gateway
/// authorizer both apply these, so the gate in front and the check behind can never drift apart.
/// </summary>
public static class PeopleTokenRules
{
    public const string ShapeFailure = "The token must carry exactly one tenant_id (a uuid), one role and one sub, each a string.";

    /// <summary>Issuer, audience, lifetime and algorithm; keys come from the authority's JWKS when there is one.</summary>
    public static TokenValidationParameters Parameters(JwtOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var oidc = !string.IsNullOrWhiteSpace(settings.Authority);
        return new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = TenantClaims.Subject,
            RoleClaimType = TenantClaims.Role,
            // Locally a shared secret signs (HS256); an OIDC issuer signs with its RSA keys.
            ValidAlgorithms = oidc ? [SecurityAlgorithms.RsaSha256] : [SecurityAlgorithms.HmacSha256],
            IssuerSigningKey = oidc ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey!)),
        };
    }

    /// <summary>The token's one tenant, role and subject, or null when any of them is missing, repeated or not a string.</summary>
    public static PersonClaims? Person(SecurityToken token, ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        // An array arrives as several claims of one type, and "first value wins" would let a token
        // carry two tenants or two roles: each of these must be exactly one string.
        if (!PayloadHoldsStrings(token, TenantClaims.TenantId, TenantClaims.Role, TenantClaims.Subject)
            || SingleString(principal, TenantClaims.TenantId) is not { } tenant || !Guid.TryParse(tenant, out var tenantId)
            || SingleString(principal, TenantClaims.Role) is not { } role
            || SingleString(principal, TenantClaims.Subject) is not { } subject)
        {
            return null;
        }
        return new PersonClaims(tenantId, role, subject);
    }

    /// <summary>
    /// The token handler reads a numeric <c>sub</c> as the string "42", so the claims alone cannot tell:
    /// this looks at the payload's JSON itself.
    /// </summary>
    private static bool PayloadHoldsStrings(SecurityToken token, params string[] names)
    {
        if (token is not JsonWebToken jwt)
        {
            return false;
        }
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        return payload.RootElement.ValueKind == JsonValueKind.Object
            && names.All(name => payload.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String);
    }

    private static string? SingleString(ClaimsPrincipal principal, string type)
    {
        var claims = principal.FindAll(type).ToList();
        return claims is [{ ValueType: ClaimValueTypes.String, Value.Length: > 0 } only] ? only.Value : null;
    }
}
