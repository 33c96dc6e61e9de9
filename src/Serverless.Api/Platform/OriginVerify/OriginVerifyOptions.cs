namespace Serverless.Api.Platform.OriginVerify;

/// <summary>
/// A secret header CloudFront adds to every origin request, so the regional <c>execute-api</c> URL cannot be
/// used to go around the edge (its WAF, its cache, its viewer address). Unset locally: nothing is checked.
/// In AWS the stacks set <c>OriginVerify__SecretParameter</c> to a Secrets Manager reference whose JSON is
/// <c>{"secret":"…","previous":"…"}</c>; CloudSettings turns it into <see cref="Secret"/> and
/// <see cref="PreviousSecret"/> at start-up.
/// </summary>
public sealed class OriginVerifyOptions
{
    public const string Section = "OriginVerify";

    public string Header { get; set; } = "x-origin-verify";

    public string? Secret { get; set; }

    /// <summary>Still accepted during a rotation, until CloudFront sends the new secret everywhere.</summary>
    public string? PreviousSecret { get; set; }

    public bool IsEnabled => !string.IsNullOrEmpty(Secret);
}
