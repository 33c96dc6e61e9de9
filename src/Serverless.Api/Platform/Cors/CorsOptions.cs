namespace Serverless.Api.Platform.Cors;

/// <summary>Browser access to <c>/v1</c>: each tenant's allowed origins live in its settings (<c>cors.origins</c>).</summary>
public sealed class CorsOptions
{
    public const string Section = "Cors";

    /// <summary>How long an instance keeps the origins before reading them again: a change takes effect within this.</summary>
    public int RefreshSeconds { get; set; } = 60;

    /// <summary>How long a browser may reuse a preflight's answer.</summary>
    public int PreflightMaxAgeSeconds { get; set; } = 600;
}
