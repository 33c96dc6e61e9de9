using System.Text;

namespace Serverless.Lambda.ApiGateway;

/// <summary>
/// Encodes a fully decoded path (HTTP API <c>rawPath</c>) back into a request target. Unlike
/// <c>PathString.ToUriComponent</c>, a '%' is always escaped: in a decoded path it is a literal percent.
/// </summary>
public static class PathEncoder
{
    private const string Unescaped = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/";

    public static string Encode(string decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        var builder = new StringBuilder(decoded.Length);
        foreach (var b in Encoding.UTF8.GetBytes(decoded))
        {
            if (b < 0x80 && Unescaped.Contains((char)b, StringComparison.Ordinal))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
