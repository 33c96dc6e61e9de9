using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

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
        options.TokenValidationParameters = PeopleTokenRules.Parameters(settings);
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = async context =>
            {
                var principal = context.Principal!;
                if (PeopleTokenRules.Person(context.SecurityToken, principal) is not { } person)
                {
                    context.Fail(PeopleTokenRules.ShapeFailure);
                    return;
                }
                var known = context.HttpContext.RequestServices.GetRequiredService<KnownTenants>();
                if (await known.TierAsync(person.TenantId, context.HttpContext.RequestAborted) is not { } tier)
                {
                    context.Fail("The token's tenant does not exist.");
                    return;
                }
                var identity = (ClaimsIdentity)principal.Identity!;
                identity.AddClaim(new Claim(TenantClaims.Actor, $"user:{person.Subject}"));
                // The tenant's tier, as an API key's identity has it: the person's requests count toward its rate limit.
                identity.AddClaim(new Claim(TenantClaims.Tier, tier));
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
