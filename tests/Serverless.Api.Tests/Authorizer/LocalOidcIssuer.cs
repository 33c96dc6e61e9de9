using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.Api.Tests.Authorizer;

/// <summary>
/// An OIDC issuer on a loopback port, as Cognito is one: a discovery document and a JWKS with one RSA
/// key, and tokens signed with it. <see cref="Forge"/> signs with a key the JWKS does not hold.
/// </summary>
public sealed class LocalOidcIssuer : IAsyncDisposable
{
    public const string Audience = "serverless-console";
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private readonly RsaSecurityKey _stranger = new(RSA.Create(2048)) { KeyId = "test-key-1" };

    public LocalOidcIssuer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Text(
            new JsonObject { ["issuer"] = Url, ["jwks_uri"] = Url + "/jwks", ["id_token_signing_alg_values_supported"] = new JsonArray("RS256") }.ToJsonString(),
            "application/json"));
        _app.MapGet("/jwks", () =>
        {
            var p = _key.Rsa.ExportParameters(false);
            var jwk = new JsonObject
            {
                ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = _key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            };
            return Results.Text(new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString(), "application/json");
        });
        _app.StartAsync().GetAwaiter().GetResult();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string Url { get; }

    public string Mint(Guid tenantId, string role = "editor", string subject = "alice") =>
        MintClaims(new Dictionary<string, object> { ["tenant_id"] = tenantId.ToString(), ["role"] = role, ["sub"] = subject });

    /// <summary>A validly signed token whose claims are exactly <paramref name="claims"/> (arrays, numbers, anything).</summary>
    public string MintClaims(IDictionary<string, object> claims, RsaSecurityKey? key = null, string audience = Audience) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Url,
            Audience = audience,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
        });

    /// <summary>Claims of the caller's choosing, signed with a key of the same id that the issuer never published.</summary>
    public string Forge(Guid tenantId) =>
        MintClaims(new Dictionary<string, object> { ["tenant_id"] = tenantId.ToString(), ["role"] = "admin", ["sub"] = "mallory" }, _stranger);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
