using System.Text;

namespace Serverless.Lambda.Tests.Hosting.Differential;

/// <summary>A piece of a path segment and whether the client percent-encodes it even when it need not.</summary>
public sealed record PathPiece(string Text, bool ForceEncode)
{
    private const string Safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@";

    public string Encode()
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(Text))
        {
            var c = (char)b;
            if (b < 0x80 && Safe.Contains(c, StringComparison.Ordinal) && !ForceEncode)
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
