namespace Serverless.Core.Tenants.Settings;

/// <summary>The ranges every tenant setting must fall in; the API's validator and its OpenAPI document read these.</summary>
public static class TenantSettingsRules
{
    public const int MaxBodyLength = 262_144;
    public const int MaxBannedTerms = 200;
    public const int MaxBannedTermChars = 100;
    public const int MaxBrowserAgeSeconds = 86_400;
    public const int MaxEdgeAgeSeconds = 604_800;
    public const int MaxUrlChars = 2000;
    public const int MinSecretChars = 16;
    public const int MaxSecretChars = 200;

    /// <summary>A signing secret: visible ASCII, no spaces.</summary>
    public const string SecretRegex = "^[\\x21-\\x7E]+$";
}
