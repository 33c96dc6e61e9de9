using System.Buffers.Text;
using Serverless.Api.Platform;

namespace Serverless.Api.Features.Content;

/// <summary>An opaque page cursor: the last id of the previous page, base64url-encoded.</summary>
public static class ContentCursor
{
    public static string Encode(Guid lastId) => Base64Url.EncodeToString(lastId.ToByteArray(bigEndian: true));

    public static bool TryDecode(string? cursor, out Guid? lastId)
    {
        lastId = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }
        Span<byte> bytes = stackalloc byte[16];
        if (cursor.Length != 22 || !CursorBytes.TryDecode(cursor, bytes, out var written) || written != 16)
        {
            return false;
        }
        lastId = new Guid(bytes, bigEndian: true);
        return true;
    }
}
