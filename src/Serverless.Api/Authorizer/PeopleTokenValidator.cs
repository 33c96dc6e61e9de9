using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Serverless.Api.Auth;

namespace Serverless.Api.Authorizer;

/// <summary>
/// Validates a person's token outside the ASP.NET pipeline with the API's own rules
/// (<see cref="PeopleTokenRules"/>), keys from the authority's JWKS as JwtBearer would fetch them.
/// </summary>
public sealed class PeopleTokenValidator
{
    private readonly JwtOptions _settings;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _issuer;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public PeopleTokenValidator(IOptions<JwtOptions> options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = options.Value;
        var authority = new Uri(_settings.Authority!.TrimEnd('/') + "/");
        _issuer = new ConfigurationManager<OpenIdConnectConfiguration>(
            new Uri(authority, ".well-known/openid-configuration").ToString(),
            new OpenIdConnectConfigurationRetriever(),
            // HTTPS always, except an issuer on this machine's loopback (tests): nothing on a network can pose as it.
            new HttpDocumentRetriever(http) { RequireHttps = !IsLoopback(authority) });
    }

    /// <summary>The token's person, or null when the token is not valid for this API or its claims are not one string each.</summary>
    public async Task<PersonClaims?> ValidateAsync(string token, CancellationToken ct)
    {
        var result = await ValidateOnceAsync(token, ct);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The issuer may have rotated its keys since we read its JWKS: read it again, once.
            _issuer.RequestRefresh();
            result = await ValidateOnceAsync(token, ct);
        }
        return result.IsValid ? PeopleTokenRules.Person(result.SecurityToken, new ClaimsPrincipal(result.ClaimsIdentity)) : null;
    }

    private async Task<TokenValidationResult> ValidateOnceAsync(string token, CancellationToken ct)
    {
        var issuer = await _issuer.GetConfigurationAsync(ct);
        var parameters = PeopleTokenRules.Parameters(_settings);
        parameters.IssuerSigningKeys = issuer.SigningKeys;
        return await _handler.ValidateTokenAsync(token, parameters);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
}
