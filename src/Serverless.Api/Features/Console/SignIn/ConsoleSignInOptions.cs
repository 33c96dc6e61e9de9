namespace Serverless.Api.Features.Console.SignIn;

/// <summary>
/// The OIDC issuer the console signs people in with (authorization code + PKCE). In AWS: the Cognito user
/// pool's issuer URL and the console's app client. Unset in Development, where the API's own local issuer
/// (<see cref="LocalIssuerEndpoints"/>) stands in.
/// </summary>
public sealed class ConsoleSignInOptions
{
    public const string Section = "Console:SignIn";

    /// <summary>The issuer URL; its <c>/.well-known/openid-configuration</c> names the endpoints.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string Scope { get; set; } = "openid";

    /// <summary>Further origins the console may call (space-separated): the issuer's token endpoint when it
    /// lives elsewhere, as Cognito's hosted domain does.</summary>
    public string? ConnectOrigins { get; set; }
}
