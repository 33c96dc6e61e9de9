using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Serverless.Api.Features.Console.SignIn;

/// <summary>
/// The local issuer's authorization codes: random, single use, valid for a minute, each bound to the
/// PKCE challenge, client and redirect URI it was issued for. In memory: the local issuer is one process.
/// </summary>
public sealed class LocalCodes(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);

    public sealed record Grant(Guid TenantId, string Subject, string Role, string ClientId, string RedirectUri, string Challenge, DateTimeOffset Expires);

    public string Issue(Guid tenantId, string subject, string role, string clientId, string redirectUri, string challenge)
    {
        foreach (var (key, old) in _codes)
        {
            if (old.Expires < time.GetUtcNow())
            {
                _codes.TryRemove(key, out _);
            }
        }
        var code = Base64Url(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new Grant(tenantId, subject, role, clientId, redirectUri, challenge, time.GetUtcNow() + Lifetime);
        return code;
    }

    /// <summary>Takes the code (it cannot be used twice) if it is live and the verifier, client and redirect match.</summary>
    public Grant? Redeem(string code, string verifier, string clientId, string redirectUri)
    {
        if (!_codes.TryRemove(code, out var grant) || grant.Expires < time.GetUtcNow())
        {
            return null;
        }
        var challenge = Base64Url(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        var matches = CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(challenge), System.Text.Encoding.ASCII.GetBytes(grant.Challenge));
        return matches && grant.ClientId == clientId && grant.RedirectUri == redirectUri ? grant : null;
    }

    public static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
