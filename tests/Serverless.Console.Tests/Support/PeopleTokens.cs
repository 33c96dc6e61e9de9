using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.Console.Tests.Support;

/// <summary>Mints people's tokens the way the CLI's <c>token mint</c> does, with the API's local settings.</summary>
public static class PeopleTokens
{
    private const string Issuer = "serverless-local";
    private const string Audience = "serverless-api";
    private const string SigningKey = "local-development-signing-key-not-for-production-0123456789";

    public static string Mint(Guid tenantId, string role, string subject, TimeSpan? lifetime = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow.Add(lifetime ?? TimeSpan.FromMinutes(30)),
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role), new Claim("tenant_id", tenantId.ToString())]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        });
}
