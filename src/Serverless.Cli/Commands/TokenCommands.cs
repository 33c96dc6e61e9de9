using System.CommandLine;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Serverless.Core.Tenants;

namespace Serverless.Cli.Commands;

/// <summary>
/// Mints a person's token signed with the local key (Jwt:SigningKey), for local use and tests.
/// In AWS people get their tokens from the OIDC issuer instead; this command refuses without a key.
/// </summary>
public static class TokenCommands
{
    private static readonly string[] RoleNames = ["viewer", "reviewer", "editor", "admin"];

    public static Command Create(CliSettings settings)
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var subject = new Option<string>("--subject") { Description = "Who the person is, e.g. alice@example.com.", Required = true };
        var role = new Option<string>("--role") { Description = "viewer, reviewer, editor or admin.", DefaultValueFactory = _ => "reviewer" };
        var minutes = new Option<int>("--minutes") { Description = "Lifetime in minutes (at most 1440).", DefaultValueFactory = _ => 60 };
        var mint = new Command("mint", "Mint a signed token for a person of a tenant.") { tenant, subject, role, minutes };
        mint.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            if (!RoleNames.Contains(r.GetValue(role)))
            {
                throw new ArgumentException($"role must be one of {string.Join(", ", RoleNames)}");
            }
            if (r.GetValue(minutes) is < 1 or > 1440)
            {
                throw new ArgumentException("--minutes must be 1 to 1440");
            }
            var key = settings.Configuration["Jwt:SigningKey"];
            if (string.IsNullOrEmpty(key) || Encoding.UTF8.GetByteCount(key) < 32)
            {
                throw new InvalidOperationException("Jwt:SigningKey (env Jwt__SigningKey) of at least 32 bytes is needed to mint tokens");
            }
            var found = await new TenantAdmin(settings.Admin).FindAsync(r.GetValue(tenant)!, ct)
                ?? throw new InvalidOperationException(CliRun.NoTenant(r.GetValue(tenant)!));
            Console.WriteLine(Mint(key, settings.Configuration["Jwt:Issuer"] ?? "serverless-local", settings.Configuration["Jwt:Audience"] ?? "serverless-api",
                found.Id, r.GetValue(subject)!, r.GetValue(role)!, TimeSpan.FromMinutes(r.GetValue(minutes))));
            return 0;
        }));
        return new Command("token", "Tokens for people (reviewers, editors, admins).") { mint };
    }

    public static string Mint(string signingKey, string issuer, string audience, Guid tenantId, string subject, string role, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("tenant_id", tenantId.ToString()), new Claim("role", role)]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
