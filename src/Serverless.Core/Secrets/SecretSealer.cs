using System.Security.Cryptography;
using System.Text;

namespace Serverless.Core.Secrets;

/// <summary>How a stored value is sealed, as <c>secrets rewrap</c> sees it.</summary>
public enum SealState
{
    /// <summary>Written before secrets were sealed: readable, and rewrapped by <c>secrets rewrap</c>.</summary>
    Plain,
    Current,
    /// <summary>Sealed with the key before the last rotation: readable until rewrapped.</summary>
    Previous,
    /// <summary>Sealed with a key this process does not hold: cannot be read.</summary>
    UnknownKey,
}

/// <summary>A sealed value that cannot be opened: an unknown key, or a value altered or moved to another row.</summary>
public sealed class SecretNotOpenedException(string message) : Exception(message);

/// <summary>
/// Seals secrets the platform must read back (AES-256-GCM, a fresh nonce per value) as
/// <c>sealed:v1:KEYID:BASE64URL(nonce | ciphertext | tag)</c>. The value is bound to its purpose and tenant
/// (associated data), so a sealed secret copied into another tenant's row, or used for another purpose, does not
/// open. The AES key is derived from the configured key (HKDF-SHA256), and the key id (also derived) names which
/// key sealed a value, so a rotation can keep opening the previous one.
/// </summary>
public sealed class SecretSealer
{
    public const string Prefix = "sealed:v1:";

    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] AesInfo = "serverless secrets-at-rest v1 aes-256-gcm"u8.ToArray();
    private static readonly byte[] IdInfo = "serverless secrets-at-rest v1 key id"u8.ToArray();

    private readonly SealingKey _current;
    private readonly SealingKey? _previous;

    public SecretSealer(SecretsAtRestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _current = SealingKey.From(options.Key, "SecretsAtRest:Key");
        _previous = string.IsNullOrWhiteSpace(options.PreviousKey) ? null : SealingKey.From(options.PreviousKey, "SecretsAtRest:PreviousKey");
    }

    public string Seal(string secret, string purpose, Guid tenantId)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current.Aes, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), AssociatedData(purpose, tenantId));
        return $"{Prefix}{_current.Id}:{Base64Url(sealedBytes)}";
    }

    /// <summary>The secret in <paramref name="stored"/>; a value written before sealing is returned as it is.</summary>
    public string Open(string stored, string purpose, Guid tenantId)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return stored;
        }
        var rest = stored.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        var key = colon > 0 ? KeyFor(rest[..colon]) : null;
        if (key is null)
        {
            throw new SecretNotOpenedException($"The secret ({purpose}) was sealed with a key this instance does not hold (SecretsAtRest:Key, PreviousKey).");
        }
        var sealedBytes = FromBase64Url(rest[(colon + 1)..]);
        if (sealedBytes is null || sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new SecretNotOpenedException($"The sealed secret ({purpose}) is malformed.");
        }
        var length = sealedBytes.Length - NonceBytes - TagBytes;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(key.Aes, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), plain, AssociatedData(purpose, tenantId));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretNotOpenedException($"The sealed secret ({purpose}) does not open for this tenant: altered, or copied from another row.");
        }
        return Encoding.UTF8.GetString(plain);
    }

    public SealState StateOf(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return SealState.Plain;
        }
        var rest = stored.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        var id = colon > 0 ? rest[..colon] : [];
        return id.SequenceEqual(_current.Id) ? SealState.Current
            : _previous is not null && id.SequenceEqual(_previous.Id) ? SealState.Previous
            : SealState.UnknownKey;
    }

    private SealingKey? KeyFor(ReadOnlySpan<char> id) =>
        id.SequenceEqual(_current.Id) ? _current : _previous is not null && id.SequenceEqual(_previous.Id) ? _previous : null;

    private static byte[] AssociatedData(string purpose, Guid tenantId) => Encoding.UTF8.GetBytes($"{purpose}\n{tenantId:N}");

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(ReadOnlySpan<char> text)
    {
        var padded = text.ToString().Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }

    private sealed class SealingKey(byte[] aes, string id)
    {
        public byte[] Aes { get; } = aes;
        public string Id { get; } = id;

        public static SealingKey From(string? base64, string setting)
        {
            var material = SecretsAtRestOptions.KeyBytes(base64);
            if (material.Length < 32)
            {
                throw new InvalidOperationException($"{setting} must be a base64 key of at least 32 bytes.");
            }
            var aes = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, salt: [], info: AesInfo);
            var id = Convert.ToHexStringLower(HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 4, salt: [], info: IdInfo));
            return new SealingKey(aes, id);
        }
    }
}
