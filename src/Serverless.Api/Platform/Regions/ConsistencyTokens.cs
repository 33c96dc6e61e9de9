using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Serverless.Api.Platform.Regions;

/// <summary>
/// A consistency token is the primary's WAL position after a write, signed: <c>{lsn as 16 hex}.{mac}</c>.
/// The MAC (HMAC-SHA256, truncated to 128 bits) makes it tamper-evident, so a client cannot send an
/// inflated position to push all its reads onto the primary. During a key rotation tokens signed with
/// the previous key are still read; new ones are always signed with the current key.
/// </summary>
public sealed class ConsistencyTokens(IOptions<RegionOptions> options)
{
    public const string HeaderName = "x-consistency-token";
    private readonly byte[] _key = options.Value.ConsistencyKeyBytes();
    private readonly byte[] _previousKey = options.Value.PreviousConsistencyKeyBytes();

    public string Issue(NpgsqlLogSequenceNumber lsn)
    {
        var position = ((ulong)lsn).ToString("x16", CultureInfo.InvariantCulture);
        return $"{position}.{Base64Url.EncodeToString(Mac(_key, position))}";
    }

    public bool TryRead(string? token, out NpgsqlLogSequenceNumber lsn)
    {
        lsn = default;
        if (token is not { Length: 16 + 1 + 22 } || token[16] != '.')
        {
            return false;
        }
        var position = token[..16];
        Span<byte> presented = stackalloc byte[16];
        if (!Base64Url.TryDecodeFromChars(token.AsSpan(17), presented, out var written) || written != 16
            || !ulong.TryParse(position, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            || !(CryptographicOperations.FixedTimeEquals(presented, Mac(_key, position))
                || (_previousKey.Length > 0 && CryptographicOperations.FixedTimeEquals(presented, Mac(_previousKey, position)))))
        {
            return false;
        }
        lsn = new NpgsqlLogSequenceNumber(value);
        return true;
    }

    private static byte[] Mac(byte[] key, string position)
    {
        Span<byte> message = stackalloc byte[8 + 3];
        "v1|"u8.CopyTo(message);
        BinaryPrimitives.WriteUInt64BigEndian(message[3..], ulong.Parse(position, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        return HMACSHA256.HashData(key, message)[..16];
    }
}
