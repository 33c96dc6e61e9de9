namespace Serverless.Api.Auth;

/// <summary>
/// How people's tokens are checked. Locally they are HS256 tokens signed with <see cref="SigningKey"/>
/// (the CLI mints them); in AWS an OIDC issuer (Cognito) signs them and <see cref="Authority"/> points
/// at it, so keys come from its JWKS.
/// </summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    public string Issuer { get; set; } = "";

    public string Audience { get; set; } = "";

    /// <summary>A shared secret of at least 32 bytes, for locally minted tokens.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OIDC issuer URL; when set, signing keys come from its discovery document.</summary>
    public string? Authority { get; set; }

    public bool IsValid => !string.IsNullOrWhiteSpace(Issuer) && !string.IsNullOrWhiteSpace(Audience)
        && (!string.IsNullOrWhiteSpace(Authority) || System.Text.Encoding.UTF8.GetByteCount(SigningKey ?? "") >= 32);
}
