using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.Api.Tests.Support;

/// <summary>Mints people's tokens the way the local issuer does, and broken ones to show they are refused.</summary>
public static class Tokens
{
    // Must match the API's Jwt settings in appsettings.Development.json (tests run as Development).
    public const string Issuer = "serverless-local";
    public const string Audience = "serverless-api";
    public const string SigningKey = "local-development-signing-key-not-for-production-0123456789";

    public static string Mint(
        Guid tenantId, string role, string subject = "alice", string issuer = Issuer, string audience = Audience,
        string key = SigningKey, string algorithm = SecurityAlgorithms.HmacSha256, TimeSpan? lifetime = null, bool withTenant = true)
    {
        var now = DateTime.UtcNow;
        var claims = new List<Claim> { new("sub", subject), new("role", role) };
        if (withTenant)
        {
            claims.Add(new Claim("tenant_id", tenantId.ToString()));
        }
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm),
        });
    }

    /// <summary>A validly signed token whose claims are exactly <paramref name="claims"/> (arrays, numbers, anything).</summary>
    public static string MintClaims(IDictionary<string, object> claims)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A token with "alg": "none" and no signature.</summary>
    public static string Unsigned(Guid tenantId, string role)
    {
        static string B64(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        return $"{B64("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{B64($"{{\"sub\":\"mallory\",\"role\":\"{role}\",\"tenant_id\":\"{tenantId}\",\"iss\":\"{Issuer}\",\"aud\":\"{Audience}\",\"exp\":{exp}}}")}.";
    }

    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
