using System.Buffers.Binary;
using System.Buffers.Text;
using Serverless.Api.Platform;
using Serverless.Core.Audit;

namespace Serverless.Api.Features.Audit;

/// <summary>An opaque cursor: the last entry's time (microseconds) and id.</summary>
public static class AuditCursor
{
    public static string Encode(AuditPosition position)
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, position.CreatedAt.UtcTicks);
        position.Id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? cursor, out AuditPosition? position)
    {
        position = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }
        Span<byte> bytes = stackalloc byte[24];
        if (cursor.Length != 32 || !CursorBytes.TryDecode(cursor, bytes, out var written) || written != 24)
        {
            return false;
        }
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        position = new AuditPosition(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..], bigEndian: true));
        return true;
    }
}
