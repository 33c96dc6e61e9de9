using System.Security.Cryptography;
using System.Text;

namespace Serverless.Core.Idempotency;

/// <summary>
/// The record's key is a hash of the tenant, the operation and the caller's key, so one tenant's key can
/// never collide with another's; the payload hash tells a true repeat from a different request reusing a key.
/// </summary>
public sealed record IdempotencyKey(string Id, string PayloadHash)
{
    public static IdempotencyKey For(Guid tenantId, string operation, string key, string payload) => new(
        Hash($"{tenantId:N}|{operation}|{key}"),
        Hash(payload));

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
