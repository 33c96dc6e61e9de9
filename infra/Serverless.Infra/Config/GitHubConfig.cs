namespace Serverless.Infra.Config;

/// <summary>Who may deploy: the repository whose workflows get a role through GitHub's OIDC tokens.</summary>
public sealed record GitHubConfig
{
    /// <summary>"owner/name".</summary>
    public required string Repository { get; init; }

    /// <summary>The account has one GitHub OIDC provider; set false where another stack already made it.</summary>
    public bool CreateOidcProvider { get; init; } = true;
}
