namespace Serverless.Infra.Config;

/// <summary>
/// The locales the edge keys public pages by. A CloudFront Function maps ?locale= and Accept-Language
/// onto this set, so the edge cache holds at most one copy per supported locale (plus the default)
/// whatever a client sends.
/// </summary>
public sealed record LocaleConfig
{
    /// <summary>Lower-case language tags ("en", "de", "pt-br"); "de-AT" from a viewer matches "de".</summary>
    public IReadOnlyList<string> Supported { get; init; } = ["en"];

    /// <summary>
    /// What a request that names no supported locale gets. Null (the default) sends no ?locale= at
    /// all, which the API answers in each tenant's own default locale (PublicSettings.DefaultLocale).
    /// </summary>
    public string? Default { get; init; }
}
