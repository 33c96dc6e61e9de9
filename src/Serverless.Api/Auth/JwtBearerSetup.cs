using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.Api.Auth;

/// <summary>
/// People's tokens: issuer, audience, lifetime and algorithm are all checked, claims keep their JWT
/// names (<c>tenant_id</c>, <c>role</c>, <c>sub</c>), and a token without a tenant is refused.
/// </summary>
public sealed class JwtBearerSetup(IOptions<JwtOptions> jwt) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == JwtBearerDefaults.AuthenticationScheme)
        {
            Configure(options);
        }
    }

    public void Configure(JwtBearerOptions options)
    {
        var settings = jwt.Value;
        options.MapInboundClaims = false;
        options.Authority = string.IsNullOrWhiteSpace(settings.Authority) ? null : settings.Authority;
        options.TokenValidationParameters = new TokenValidationParameters
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
            ValidAlgorithms = options.Authority is null ? [SecurityAlgorithms.HmacSha256] : [SecurityAlgorithms.RsaSha256],
            IssuerSigningKey = options.Authority is null ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey!)) : null,
        };
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = async context =>
            {
                var principal = context.Principal!;
                // An array arrives as several claims of one type, and "first value wins" would let a token
                // carry two tenants or two roles: each of these must be exactly one string.
                if (!PayloadHoldsStrings(context.SecurityToken, TenantClaims.TenantId, TenantClaims.Role, TenantClaims.Subject)
                    || SingleString(principal, TenantClaims.TenantId) is not { } tenant || !Guid.TryParse(tenant, out _)
                    || SingleString(principal, TenantClaims.Role) is null
                    || SingleString(principal, TenantClaims.Subject) is not { } subject)
                {
                    context.Fail("The token must carry exactly one tenant_id (a uuid), one role and one sub, each a string.");
                    return;
                }
                var known = context.HttpContext.RequestServices.GetRequiredService<KnownTenants>();
                if (!await known.ExistsAsync(Guid.Parse(tenant), context.HttpContext.RequestAborted))
                {
                    context.Fail("The token's tenant does not exist.");
                    return;
                }
                var identity = (ClaimsIdentity)principal.Identity!;
                identity.AddClaim(new Claim(TenantClaims.Actor, $"user:{subject}"));
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                await ProblemChallenges.Unauthenticated(
                    context.HttpContext,
                    context.AuthenticateFailure is null ? "Send a bearer token." : "The bearer token is not valid for this API (signature, issuer, audience, lifetime or tenant).",
                    "Bearer");
            },
            OnForbidden = context => ProblemChallenges.Forbidden(context.HttpContext),
        };
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
