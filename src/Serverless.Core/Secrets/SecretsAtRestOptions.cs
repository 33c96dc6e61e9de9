namespace Serverless.Core.Secrets;

/// <summary>
/// The key that seals secrets the platform must read back to use (a budget webhook's signing secret) before
/// they are written to the database. Locally it is in appsettings.Development.json / <c>scripts/app.sh</c>; in
/// AWS it comes from the <c>serverless/ENV/secrets-key</c> secret (<c>SecretsAtRest:KeyParameter</c>, read at
/// start-up by CloudSettings), and the development key is refused there.
/// </summary>
public sealed class SecretsAtRestOptions
{
    public const string Section = "SecretsAtRest";

    /// <summary>The development key, published in this repository: never accepted outside Development or on Lambda.</summary>
    public const string DevelopmentKey = "bG9jYWwtZGV2ZWxvcG1lbnQtc2VjcmV0cy1rZXktbm90LWEtc2VjcmV0LTAwMDA=";

    /// <summary>Base64 of at least 32 bytes. Seals every new secret.</summary>
    public string Key { get; set; } = "";

    /// <summary>During a rotation: the key before <see cref="Key"/>, still opened until <c>secrets rewrap</c> has run.</summary>
    public string? PreviousKey { get; set; }

    /// <summary>On AWS: the secret reference the key is read from (set by the stacks).</summary>
    public string? KeyParameter { get; set; }

    public static bool IsKey(string? base64) => KeyBytes(base64).Length >= 32;

    internal static byte[] KeyBytes(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return [];
        }
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : [];
    }
}
