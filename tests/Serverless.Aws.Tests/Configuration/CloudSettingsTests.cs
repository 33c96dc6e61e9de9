using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Serverless.Aws.Configuration;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Serverless.Aws.Tests.Configuration;

public sealed class CloudSettingsTests
{
    private const string DbSecret = "/aws/reference/secretsmanager/serverless/staging/app-db";
    private const string CacheSecret = "/aws/reference/secretsmanager/serverless/staging/cache-auth";

    [Fact]
    public async Task LocalConfiguration_WithoutSecretReferences_IsLeftAlone()
    {
        var config = Config(new() { ["Database:Primary"] = "Host=localhost" });

        Assert.False(CloudSettings.IsNeeded(config));
        await CloudSettings.ApplyAsync(config, (_, _) => throw new InvalidOperationException("no secret should be read"));
        Assert.Equal("Host=localhost", config["Database:Primary"]);
    }

    [Fact]
    public async Task DatabaseSecret_BecomesPrimaryAndReplicaConnectionStrings_WithTls()
    {
        var config = Config(new()
        {
            ["Database:CredentialsParameter"] = DbSecret,
            ["Database:Host"] = "proxy.example.internal",
            ["Database:Name"] = "serverless",
            ["Database:ReplicaHost"] = "replica.example.internal",
        });

        await CloudSettings.ApplyAsync(config, Secrets(new() { [DbSecret] = """{"username":"serverless_app","password":"p@ss;word","port":5432}""" }));

        var primary = new NpgsqlConnectionStringBuilder(config["Database:Primary"]);
        var replica = new NpgsqlConnectionStringBuilder(config["Database:Replica"]);
        Assert.Equal(("proxy.example.internal", 5432, "serverless", "serverless_app", "p@ss;word", SslMode.Require),
            (primary.Host, primary.Port, primary.Database, primary.Username, primary.Password, primary.SslMode));
        Assert.Equal("replica.example.internal", replica.Host);
        Assert.Equal("p@ss;word", replica.Password);
    }

    [Fact]
    public async Task CacheSecret_BecomesATlsRedisConfiguration()
    {
        var config = Config(new() { ["Redis:AuthParameter"] = CacheSecret, ["Redis:Host"] = "cache.example.internal", ["Redis:Port"] = "6379" });

        await CloudSettings.ApplyAsync(config, Secrets(new() { [CacheSecret] = """{"token":"s3cret"}""" }));

        Assert.Equal("cache.example.internal:6379,ssl=true,password=s3cret,abortConnect=false", config["Redis:Configuration"]);
    }

    [Fact]
    public async Task ConsistencySecret_BecomesTheBase64KeyTheRegionsShare()
    {
        const string keySecret = "/aws/reference/secretsmanager/serverless/staging/consistency-key";
        var config = Config(new() { ["Region:ConsistencyKeyParameter"] = keySecret });

        await CloudSettings.ApplyAsync(config, Secrets(new() { [keySecret] = """{"key":"0123456789abcdef0123456789abcdef"}""" }));

        Assert.Equal("0123456789abcdef0123456789abcdef", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(config["Region:ConsistencyKey"]!)));
    }

    [Fact]
    public async Task ConsistencySecret_DuringRotation_AlsoGivesThePreviousKey()
    {
        const string keySecret = "/aws/reference/secretsmanager/serverless/staging/consistency-key";
        var config = Config(new() { ["Region:ConsistencyKeyParameter"] = keySecret });

        await CloudSettings.ApplyAsync(config, Secrets(new()
        {
            [keySecret] = """{"key":"0123456789abcdef0123456789abcdef","previous":"fedcba9876543210fedcba9876543210"}""",
        }));

        Assert.Equal("0123456789abcdef0123456789abcdef", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(config["Region:ConsistencyKey"]!)));
        Assert.Equal("fedcba9876543210fedcba9876543210", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(config["Region:PreviousConsistencyKey"]!)));
    }

    [Fact]
    public async Task SecretsKeySecret_BecomesTheSealingKey_AndDuringARotationThePreviousOne()
    {
        const string keySecret = "/aws/reference/secretsmanager/serverless/staging/secrets-key";
        var config = Config(new() { ["SecretsAtRest:KeyParameter"] = keySecret });

        await CloudSettings.ApplyAsync(config, Secrets(new()
        {
            [keySecret] = """{"key":"0123456789abcdef0123456789abcdef","previous":"fedcba9876543210fedcba9876543210"}""",
        }));

        Assert.Contains(keySecret, CloudSettings.References(config));
        Assert.Equal("0123456789abcdef0123456789abcdef", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(config["SecretsAtRest:Key"]!)));
        Assert.Equal("fedcba9876543210fedcba9876543210", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(config["SecretsAtRest:PreviousKey"]!)));
    }

    [Fact]
    public async Task ConsistencySecret_WithoutAPreviousKey_SetsNone()
    {
        const string keySecret = "/aws/reference/secretsmanager/serverless/staging/consistency-key";
        var config = Config(new() { ["Region:ConsistencyKeyParameter"] = keySecret });

        await CloudSettings.ApplyAsync(config, Secrets(new() { [keySecret] = """{"key":"0123456789abcdef0123456789abcdef"}""" }));

        Assert.Null(config["Region:PreviousConsistencyKey"]);
    }

    [Fact]
    public async Task OriginVerifySecret_BecomesTheCurrentAndPreviousHeaderValues()
    {
        const string originSecret = "/aws/reference/secretsmanager/serverless/staging/origin-verify";
        var config = Config(new() { ["OriginVerify:SecretParameter"] = originSecret });

        Assert.True(CloudSettings.IsNeeded(config));
        await CloudSettings.ApplyAsync(config, Secrets(new() { [originSecret] = """{"secret":"new-value","previous":"old-value"}""" }));

        Assert.Equal(("new-value", "old-value"), (config["OriginVerify:Secret"], config["OriginVerify:PreviousSecret"]));
    }

    [Fact]
    public async Task OriginVerifySecret_WithoutASecretField_FailsStartUpClearly()
    {
        const string originSecret = "/aws/reference/secretsmanager/serverless/staging/origin-verify";
        var config = Config(new() { ["OriginVerify:SecretParameter"] = originSecret });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CloudSettings.ApplyAsync(config, Secrets(new() { [originSecret] = """{"previous":"old-value"}""" })));

        Assert.Contains("no secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecretWithoutAPassword_FailsStartUpClearly()
    {
        var config = Config(new() { ["Database:CredentialsParameter"] = DbSecret, ["Database:Host"] = "h" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CloudSettings.ApplyAsync(config, Secrets(new() { [DbSecret] = """{"username":"u"}""" })));

        Assert.Contains("no password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCloudSettings_ReadsTheSecretThroughSsmsWireProtocol_WithDecryption()
    {
        using var ssm = WireMockServer.Start();
        ssm.Given(Request.Create().WithPath("/").UsingPost()
                .WithHeader("X-Amz-Target", "AmazonSSM.GetParameter")
                .WithBody(new JsonPartialMatcher($$"""{"Name":"{{DbSecret}}","WithDecryption":true}""")))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/x-amz-json-1.1")
                .WithBody($$$"""{"Parameter":{"Name":"{{{DbSecret}}}","Type":"SecureString","Value":"{\"username\":\"app\",\"password\":\"from-ssm\"}","Version":1}}"""));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["SL_SSM_URL"] = ssm.Url;
        builder.Configuration["Database:CredentialsParameter"] = DbSecret;
        builder.Configuration["Database:Host"] = "proxy.example.internal";

        builder.AddCloudSettings();

        Assert.Equal("from-ssm", new NpgsqlConnectionStringBuilder(builder.Configuration["Database:Primary"]).Password);
    }

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public async Task DistributionIdParameter_BecomesTheCdnDistributionId()
    {
        var config = Config(new() { ["Cdn:DistributionIdParameter"] = "/serverless/staging/edge/distribution-id" });

        Assert.True(CloudSettings.IsNeeded(config));
        await CloudSettings.ApplyAsync(config, Secrets(new() { ["/serverless/staging/edge/distribution-id"] = "E2QWRUHAPOMQZL\n" }));

        Assert.Equal("E2QWRUHAPOMQZL", config["Cdn:DistributionId"]);
    }

    [Fact]
    public async Task DistributionIdParameter_BeforeTheEdgeStackExists_LeavesCloudFrontOff_AndStartsAnyway()
    {
        var config = Config(new() { ["Cdn:DistributionIdParameter"] = "/serverless/staging/edge/distribution-id" });

        await CloudSettings.ApplyAsync(config, (_, _) => throw new Amazon.SimpleSystemsManagement.Model.ParameterNotFoundException("not found"));

        Assert.Null(config["Cdn:DistributionId"]);
    }

    private static Func<string, CancellationToken, Task<string>> Secrets(Dictionary<string, string> secrets) =>
        (name, _) => Task.FromResult(secrets[name]);
}
