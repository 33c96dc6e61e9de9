using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Serverless.Api.Tests.Auth;

/// <summary>
/// Outside Development, and always on Lambda, the API trusts only an OIDC issuer's tokens: it refuses
/// to start with a symmetric signing key (anyone holding it mints any tenant's token) or without an authority.
/// </summary>
public sealed class DeployedJwtSettingsTests
{
    private const string Authority = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example";

    [Fact]
    public void OnLambda_WithASigningKey_StartUpFails_NamingTheKey()
    {
        // Development settings (the local key) plus the variable Lambda sets in every function.
        var error = StartUp("Development", new() { ["AWS_LAMBDA_FUNCTION_NAME"] = "serverless-api", ["Jwt:Authority"] = Authority });

        Assert.Contains("Jwt:SigningKey", error, StringComparison.Ordinal);
    }

    [Fact]
    public void OnLambda_WithTheRuntimeApiSet_AndASigningKey_StartUpFails()
    {
        var error = StartUp("Development", new() { ["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:9", ["Lambda:RuntimeApi"] = null, ["Jwt:Authority"] = Authority });

        Assert.Contains("Jwt:SigningKey", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void OutsideDevelopment_WithoutAnAuthority_StartUpFails_NamingTheAuthority(string environment)
    {
        var error = StartUp(environment, new() { ["Jwt:Issuer"] = "https://issuer", ["Jwt:Audience"] = "serverless-api", ["Jwt:SigningKey"] = null });

        Assert.Contains("Jwt:Authority", error, StringComparison.Ordinal);
    }

    private static string StartUp(string environment, Dictionary<string, string?> settings)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            // Everything else a deployed API needs, so the JWT settings are what start-up trips on.
            web.UseSetting("Database:Primary", "Host=127.0.0.1;Port=9;Username=u;Database=d");
            web.UseSetting("Database:Replica", "Host=127.0.0.1;Port=9;Username=u;Database=d");
            web.UseSetting("Redis:Configuration", "127.0.0.1:9");
            web.UseSetting("Region:ConsistencyKey", Convert.ToBase64String(new byte[32]));
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        var error = Assert.ThrowsAny<Exception>(() => factory.Server);
        return error.ToString();
    }
}
