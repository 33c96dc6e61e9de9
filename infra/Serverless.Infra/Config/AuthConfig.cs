namespace Serverless.Infra.Config;

/// <summary>
/// Who signs people's tokens in this environment: an OIDC issuer (a Cognito user pool or any other).
/// The API reads its keys from the authority's discovery document (JWKS); a shared signing key is
/// never configured outside Development.
/// </summary>
public sealed record AuthConfig
{
    /// <summary>The <c>iss</c> claim tokens must carry, e.g. https://cognito-idp.REGION.amazonaws.com/POOL_ID.</summary>
    public string Issuer { get; init; } = "";

    /// <summary>The OIDC authority whose /.well-known/openid-configuration names the signing keys; usually the issuer.</summary>
    public string Authority { get; init; } = "";

    /// <summary>The <c>aud</c> claim tokens must carry (the app client id for a Cognito user pool).</summary>
    /// <remarks>The reviewer console signs people in as this client (authorization code with PKCE).</remarks>
    public string Audience { get; init; } = "";

    /// <summary>
    /// Where the issuer's login and token endpoints live when not at the authority's origin (a Cognito user
    /// pool's hosted domain, e.g. https://NAME.auth.REGION.amazoncognito.com): the console's page may post
    /// the code there. Optional.
    /// </summary>
    public string? SignInDomain { get; init; }
}
