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

    public const string ThresholdRule = "a confidence from 0 to 1";

    public static string MinLengthRule => $"0 to {MaxBodyLength} characters";

    public static string MaxLengthRule => $"1 to {MaxBodyLength} characters";

    public static string BannedTermRule => $"A term has 1 to {MaxBannedTermChars} characters.";

    public static string SecondsRule(int max) => $"0 to {max} seconds";

    public static bool IsThreshold(decimal value) => value is >= 0 and <= 1;

    public static bool IsMinLength(int value) => value is >= 0 and <= MaxBodyLength;

    public static bool IsMaxLength(int value) => value is >= 1 and <= MaxBodyLength;

    /// <summary>A banned term, already trimmed.</summary>
    public static bool IsBannedTerm([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? term) => !string.IsNullOrEmpty(term) && term.Length <= MaxBannedTermChars;
}
