namespace Serverless.Api.Auth;

/// <summary>
/// What a person may do within their tenant, from least to most. A product's API key acts as
/// <see cref="Admin"/> of its own tenant: it is the tenant's machine credential.
/// </summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Reviewer = "reviewer";
    public const string Editor = "editor";
    public const string Admin = "admin";

    public static readonly string[] All = [Viewer, Reviewer, Editor, Admin];
}
