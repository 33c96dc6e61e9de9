using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
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
            OnTokenValidated = context =>
            {
                var principal = context.Principal!;
                if (!Guid.TryParse(principal.FindFirst(TenantClaims.TenantId)?.Value, out _) || principal.FindFirst(TenantClaims.Subject) is null)
                {
                    context.Fail("The token carries no tenant_id or no sub.");
                    return Task.CompletedTask;
                }
                var identity = (ClaimsIdentity)principal.Identity!;
                identity.AddClaim(new Claim(TenantClaims.Actor, $"user:{principal.FindFirst(TenantClaims.Subject)!.Value}"));
                return Task.CompletedTask;
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
}
