using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Testing.Aws;

/// <summary>
/// An independent implementation of AWS Signature Version 4 as documented ("Create a signed AWS API
/// request"), written from the documentation and not from the code under test, to check what a fake
/// AWS endpoint receives. Checked itself against the documentation's worked example.
/// </summary>
public static partial class SigV4Reference
{
    /// <summary>The signature of a request whose canonical parts are given; headers are lower-case names.</summary>
    public static string Signature(string secretKey, string method, string canonicalPath, string canonicalQuery,
        IReadOnlyDictionary<string, string> headers, IReadOnlyList<string> signedHeaders, byte[] body, string amzDate, string region, string service)
    {
        var canonicalHeaders = string.Concat(signedHeaders.Select(h => $"{h}:{headers[h].Trim()}\n"));
        var canonicalRequest = $"{method}\n{canonicalPath}\n{canonicalQuery}\n{canonicalHeaders}\n{string.Join(';', signedHeaders)}\n{Hex(SHA256.HashData(body))}";
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    /// <summary>
    /// Checks a received request's Authorization header; returns null when it is right, else why not.
    /// </summary>
    public static string? Verify(string accessKey, string secretKey, string region, string service, string method, string path, string rawQuery,
        IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        if (!headers.TryGetValue("authorization", out var authorization))
        {
            return "no Authorization header";
        }
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return $"malformed Authorization header: {authorization}";
        }
        var amzDate = headers.GetValueOrDefault("x-amz-date") ?? "";
        var expectedScope = $"{accessKey}/{(amzDate.Length >= 8 ? amzDate[..8] : "")}/{region}/{service}/aws4_request";
        if (match.Groups["credential"].Value != expectedScope)
        {
            return $"credential scope {match.Groups["credential"].Value}, expected {expectedScope}";
        }
        var signed = match.Groups["signed"].Value.Split(';');
        foreach (var required in new[] { "host", "x-amz-date" }.Concat(headers.ContainsKey("x-amz-security-token") ? ["x-amz-security-token"] : Array.Empty<string>()))
        {
            if (!signed.Contains(required))
            {
                return $"{required} is not signed";
            }
        }
        if (headers.TryGetValue("x-amz-content-sha256", out var declared) && declared != Hex(SHA256.HashData(body)))
        {
            return "x-amz-content-sha256 is not the body's hash";
        }
        var canonicalPath = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        var canonicalQuery = string.Join('&', rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => (K: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), V: Uri.EscapeDataString(Uri.UnescapeDataString(p.ElementAtOrDefault(1) ?? ""))))
            .OrderBy(p => p.K, StringComparer.Ordinal).ThenBy(p => p.V, StringComparer.Ordinal).Select(p => $"{p.K}={p.V}"));
        var expected = Signature(secretKey, method, canonicalPath, canonicalQuery, headers, signed, body, amzDate, region, service);
        return expected == match.Groups["signature"].Value ? null : $"signature {match.Groups["signature"].Value}, expected {expected}";
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<credential>[^,]+), ?SignedHeaders=(?<signed>[^,]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
