using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;

namespace Serverless.Api.Auth;

/// <summary>
/// A request with both <c>x-api-key</c> and <c>Authorization: Bearer</c> (API Gateway wants the key, the
/// person brings the token): both must be valid and name the same tenant. Otherwise any tenant's key
/// plus a token for another tenant would act in that other tenant. The person's token then governs
/// what may be done: a viewer does not become admin by riding on the product's key.
/// </summary>
public sealed class KeyAndTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKeyAndBearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = await Context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        var key = await Context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        if (!token.Succeeded || !key.Succeeded)
        {
            return AuthenticateResult.Fail(token.Failure ?? key.Failure ?? new InvalidOperationException("Both credentials must be valid."));
        }
        if (token.Principal.FindFirst(TenantClaims.TenantId)?.Value is not { } tokenTenant
            || !string.Equals(tokenTenant, key.Principal.FindFirst(TenantClaims.TenantId)?.Value, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail(new TenantMismatchException());
        }
        return AuthenticateResult.Success(new AuthenticationTicket(token.Principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is TenantMismatchException mismatch)
        {
            await ProblemChallenges.Forbidden(Context, ProblemTypes.TenantMismatch, mismatch.Message);
            return;
        }
        await ProblemChallenges.Unauthenticated(
            Context,
            "An API key and a bearer token were both sent: both must be valid (the key not revoked; the token's signature, issuer, audience, lifetime and claims).",
            $"ApiKey header=\"{ApiKeyAuthenticationHandler.HeaderName}\", Bearer");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => ProblemChallenges.Forbidden(Context);
}
