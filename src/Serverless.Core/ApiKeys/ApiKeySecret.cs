using System.Security.Cryptography;
using System.Text;

namespace Serverless.Core.ApiKeys;

/// <summary>
/// The shape of an API key: <c>sl_{prefix}_{secret}</c>. The prefix (12 base32 characters) is public,
/// unique and indexed; the secret is 256 random bits. Only the SHA-256 of the whole key is stored.
/// </summary>
public static class ApiKeySecret
{
    private const string Scheme = "sl_";
    private const int PrefixLength = 12;
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    public static (string Prefix, string Key) Generate()
    {
        Span<char> prefix = stackalloc char[PrefixLength];
        for (var i = 0; i < PrefixLength; i++)
        {
            prefix[i] = Base32[RandomNumberGenerator.GetInt32(Base32.Length)];
        }
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var p = new string(prefix);
        return (p, $"{Scheme}{p}_{secret}");
    }

    /// <summary>The public prefix of a presented key, or null when it is not shaped like one of ours.</summary>
    public static string? PrefixOf(string? presented)
    {
        if (presented is null || presented.Length < Scheme.Length + PrefixLength + 2 || presented.Length > 128
            || !presented.StartsWith(Scheme, StringComparison.Ordinal) || presented[Scheme.Length + PrefixLength] != '_')
        {
            return null;
        }
        var prefix = presented.Substring(Scheme.Length, PrefixLength);
        foreach (var c in prefix)
        {
            if (!Base32.Contains(c, StringComparison.Ordinal))
            {
                return null;
            }
        }
        return prefix;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool Matches(string presented, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
