using System.Buffers.Text;

namespace Serverless.Api.Platform;

/// <summary>Decodes the base64url bytes of an opaque page cursor.</summary>
public static class CursorBytes
{
    /// <summary>
    /// Base64Url throws, rather than answering false, on characters outside the alphabet and on stray
    /// bits in the last character: a tampered cursor is the caller's mistake, so it must not become a 500.
    /// </summary>
    public static bool TryDecode(string cursor, Span<byte> bytes, out int written)
    {
        try
        {
            return Base64Url.TryDecodeFromChars(cursor, bytes, out written);
        }
        catch (FormatException)
        {
            written = 0;
            return false;
        }
    }
}
