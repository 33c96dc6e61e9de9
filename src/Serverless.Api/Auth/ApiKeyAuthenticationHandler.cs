using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

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
                new Claim(TenantClaims.Subject, $"apikey:{key.KeyId}"),
                new Claim(TenantClaims.Actor, $"apikey:{key.KeyId}"),
                new Claim(TenantClaims.Role, Roles.Admin),
            ],
            SchemeName,
            TenantClaims.Subject,
            TenantClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ProblemChallenges.Unauthenticated(
            Context,
            Request.Headers[HeaderName].Count == 0
                ? $"Send your API key in the {HeaderName} header, or a bearer token."
                : "The API key is not valid, or it was revoked.",
            $"ApiKey header=\"{HeaderName}\", Bearer");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => ProblemChallenges.Forbidden(Context);
}
