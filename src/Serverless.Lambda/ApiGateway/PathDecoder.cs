using System.Text;

namespace Serverless.Lambda.ApiGateway;

/// <summary>
/// Decodes a percent-encoded path the way Kestrel does for <c>HttpRequest.Path</c>: every escape except
/// <c>%2F</c> (which would change the segments), '+' left alone (it is a space only in form encoding),
/// and an escape that is not valid UTF-8 kept as written.
/// </summary>
public static class PathDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var result = new StringBuilder(encoded.Length);
        var i = 0;
        while (i < encoded.Length)
        {
            if (encoded[i] != '%' || !TryHex(encoded, i, out var first))
            {
                result.Append(encoded[i]);
                i++;
            }
            else if (first == '/')
            {
                result.Append(encoded, i, 3);
                i += 3;
            }
            else if (first < 0x80)
            {
                result.Append((char)first);
                i += 3;
            }
            else
            {
                i += AppendMultiByte(encoded, i, first, result);
            }
        }

        return result.ToString();
    }

    private static int AppendMultiByte(string encoded, int start, byte lead, StringBuilder result)
    {
        var length = lead switch
        {
            >= 0xF0 and <= 0xF4 => 4,
            >= 0xE0 => 3,
            >= 0xC2 and <= 0xDF => 2,
            _ => 0,
        };
        Span<byte> bytes = stackalloc byte[4];
        var count = 0;
        for (var k = 0; k < length; k++)
        {
            if (!TryHex(encoded, start + (3 * k), out var next) || (k > 0 && (next & 0xC0) != 0x80))
            {
                break;
            }

            bytes[count++] = next;
        }

        if (length > 0 && count == length)
        {
            try
            {
                result.Append(StrictUtf8.GetString(bytes[..count]));
                return 3 * count;
            }
            catch (DecoderFallbackException)
            {
                // Overlong or surrogate encodings: keep the escape as written, like Kestrel.
            }
        }

        result.Append(encoded, start, 3);
        return 3;
    }

    private static bool TryHex(string s, int percentIndex, out byte value)
    {
        value = 0;
        if (percentIndex + 2 >= s.Length || s[percentIndex] != '%')
        {
            return false;
        }

        var high = HexValue(s[percentIndex + 1]);
        var low = HexValue(s[percentIndex + 2]);
        if (high < 0 || low < 0)
        {
            return false;
        }

        value = (byte)((high << 4) | low);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
