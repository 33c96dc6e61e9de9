namespace Serverless.Lambda.ApiGateway;

/// <summary>A JSON string literal from valid UTF-8 with only the escapes JSON requires.</summary>
internal static class JsonText
{
    public static byte[] Quote(ReadOnlySpan<byte> utf8)
    {
        var extra = 0;
        foreach (var b in utf8)
        {
            extra += b switch
            {
                (byte)'"' or (byte)'\\' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\b' or (byte)'\f' => 1,
                < 0x20 => 5,
                _ => 0,
            };
        }

        var result = new byte[utf8.Length + extra + 2];
        var i = 0;
        result[i++] = (byte)'"';
        foreach (var b in utf8)
        {
            switch (b)
            {
                case (byte)'"' or (byte)'\\':
                    result[i++] = (byte)'\\';
                    result[i++] = b;
                    break;
                case (byte)'\n':
                    i = Escape(result, i, (byte)'n');
                    break;
                case (byte)'\r':
                    i = Escape(result, i, (byte)'r');
                    break;
                case (byte)'\t':
                    i = Escape(result, i, (byte)'t');
                    break;
                case (byte)'\b':
                    i = Escape(result, i, (byte)'b');
                    break;
                case (byte)'\f':
                    i = Escape(result, i, (byte)'f');
                    break;
                case < 0x20:
                    "\\u00"u8.CopyTo(result.AsSpan(i));
                    result[i + 4] = Hex(b >> 4);
                    result[i + 5] = Hex(b & 0xF);
                    i += 6;
                    break;
                default:
                    result[i++] = b;
                    break;
            }
        }

        result[i] = (byte)'"';
        return result;
    }

    private static int Escape(byte[] result, int i, byte letter)
    {
        result[i] = (byte)'\\';
        result[i + 1] = letter;
        return i + 2;
    }

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
