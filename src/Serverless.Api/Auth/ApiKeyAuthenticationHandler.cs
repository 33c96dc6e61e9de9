using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;

namespace Serverless.Api.Auth;

/// <summary>Authenticates products by the <c>x-api-key</c> header and answers 401 as Problem Details.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "x-api-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        var key = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(TenantClaims.TenantId, key.TenantId.ToString()),
                new Claim(TenantClaims.TenantSlug, key.TenantSlug),
                new Claim(TenantClaims.Tier, key.TenantTier),
                new Claim(TenantClaims.Actor, $"apikey:{key.KeyId}"),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var missing = Request.Headers[HeaderName].Count == 0;
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
        await Write(new ProblemDetails
        {
            Status = 401,
            Type = ProblemTypes.Unauthenticated,
            Title = "Unauthenticated",
            Detail = missing ? $"Send your API key in the {HeaderName} header." : "The API key is not valid, or it was revoked.",
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 403;
        await Write(new ProblemDetails
        {
            Status = 403,
            Type = ProblemTypes.Forbidden,
            Title = "Forbidden",
            Detail = "Your credentials do not allow this action.",
        });
    }

    private async Task Write(ProblemDetails problem)
    {
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem });
    }
}
