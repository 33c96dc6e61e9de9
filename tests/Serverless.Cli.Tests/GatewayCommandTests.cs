using Serverless.Testing;

namespace Serverless.Cli.Tests;

/// <summary>
/// `gateway attach` and `gateway prune` against a fake API Gateway and SSM that check every
/// request's signature: the tenant's key lands on its tier's plan, rotation swaps the gateway key,
/// and a failure is an exit code and a message, never silence.
/// </summary>
public sealed class GatewayCommandTests : IAsyncLifetime
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"sl-gateway-{Guid.NewGuid():N}.json");
    private TestDatabase _db = null!;
    private FakeApiGateway _aws = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("cli_gateway", migrate: false);
        _aws = new FakeApiGateway("test", new Dictionary<string, string> { ["free"] = "plan-free", ["standard"] = "plan-standard" });
        await File.WriteAllTextAsync(_config, """
            // The shape of infra/config/ENV.json, one region.
            {
              "environment": "test",
              "primary": { "region": "eu-central-1" },
              "api": { "tiers": [ { "name": "free" }, { "name": "standard" } ] }
            }
            """);
        await Cli("migrate");
        await Cli("tenant", "create", "acme", "--name", "Acme", "--tier", "standard");
    }

    public async Task DisposeAsync()
    {
        File.Delete(_config);
        await _aws.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Attach_CreatesTheGatewayKeyWithTheTenantKeysValue_OnItsTiersPlanOnly_SignedEveryTime()
    {
        var key = (await Cli("key", "issue", "acme", "--name", "web", "--quiet")).Output.Trim();

        var attach = await Gateway(key, "attach", "acme", "--config", _config);
        var again = await Gateway(key, "attach", "acme", "--config", _config);

        Assert.True(attach.ExitCode == 0, attach.Error);
        Assert.Equal(0, again.ExitCode);
        Assert.Empty(_aws.Gateway.SignatureFailures);
        Assert.Empty(_aws.Ssm.SignatureFailures);
        var (id, gatewayKey) = Assert.Single(_aws.Keys);
        Assert.Equal(key, gatewayKey.Value);
        Assert.StartsWith("tenant-acme-", gatewayKey.Name, StringComparison.Ordinal);
        Assert.Equal(["plan-standard"], _aws.PlansOf(id));
        Assert.Contains("already on the standard plan", again.Output, StringComparison.Ordinal);
        Assert.All(_aws.Gateway.Received, r => Assert.Contains("/eu-central-1/apigateway/aws4_request", r.Headers["authorization"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attach_FilesTheGatewayKeyUnderTheTenantId_SoTheAuthorizerCanFindAPersonsUsageKey()
    {
        var tenantId = (await Cli("tenant", "show", "acme")).Output.Split('\n').Single(l => l.StartsWith("id: ", StringComparison.Ordinal))[4..].Trim();
        var key = (await Cli("key", "issue", "acme", "--name", "web", "--quiet")).Output.Trim();

        var attach = await Gateway(key, "attach", "acme", "--config", _config);

        Assert.True(attach.ExitCode == 0, attach.Error);
        Assert.Equal(tenantId, _aws.CustomerIds[Assert.Single(_aws.Keys).Key]);
    }

    [Fact]
    public async Task Attach_FilesAKeyRegisteredBeforeCustomerIdsUnderTheTenantId()
    {
        var tenantId = (await Cli("tenant", "show", "acme")).Output.Split('\n').Single(l => l.StartsWith("id: ", StringComparison.Ordinal))[4..].Trim();
        var key = (await Cli("key", "issue", "acme", "--name", "web", "--quiet")).Output.Trim();
        await Gateway(key, "attach", "acme", "--config", _config);
        _aws.CustomerIds.Clear();

        var again = await Gateway(key, "attach", "acme", "--config", _config);

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(tenantId, _aws.CustomerIds[Assert.Single(_aws.Keys).Key]);
        Assert.Empty(_aws.Gateway.SignatureFailures);
    }

    [Fact]
    public async Task Attach_ToAnotherTier_MovesTheKeyBetweenPlans()
    {
        var key = (await Cli("key", "issue", "acme", "--name", "web", "--quiet")).Output.Trim();
        await Gateway(key, "attach", "acme", "--config", _config);

        var moved = await Gateway(key, "attach", "acme", "--config", _config, "--tier", "free");

        Assert.Equal(0, moved.ExitCode);
        Assert.Equal(["plan-free"], _aws.PlansOf(Assert.Single(_aws.Keys).Key));
    }

    [Fact]
    public async Task AfterARotation_TheNewValueIsRegistered_AndTheOldGatewayKeyGoesOnceTheOldAppKeyIsRevoked()
    {
        var old = (await Cli("key", "issue", "acme", "--name", "web", "--quiet")).Output.Trim();
        await Gateway(old, "attach", "acme", "--config", _config);
        var rotation = await Cli("key", "rotate", old.Substring(3, 12), "--grace-minutes", "60");
        var rotated = rotation.Output.Split('\n').Single(l => l.StartsWith("sl_", StringComparison.Ordinal)).Trim();

        var during = await Gateway(rotated, "attach", "acme", "--config", _config);
        var bothDuringGrace = _aws.Keys.Values.Select(k => k.Value).Order().ToList();
        await Cli("key", "revoke", old.Substring(3, 12));
        var prune = await Gateway(null, "prune", "acme", "--config", _config);

        Assert.Equal(0, during.ExitCode);
        Assert.Equal(new[] { old, rotated }.Order().ToList(), bothDuringGrace);
        Assert.True(prune.ExitCode == 0, prune.Error);
        var (id, remaining) = Assert.Single(_aws.Keys);
        Assert.Equal(rotated, remaining.Value);
        Assert.Equal(["plan-standard"], _aws.PlansOf(id));
        Assert.Contains("deleted: its app key is revoked", prune.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedAttach_FailsTheCommand_NamingTheRegionAndTheReason()
    {
        var key = (await Cli("key", "issue", "acme", "--name", "web", "--quiet")).Output.Trim();
        _aws.BrokenPlan = "plan-standard";

        var attach = await Gateway(key, "attach", "acme", "--config", _config);

        Assert.Equal(1, attach.ExitCode);
        Assert.Contains("eu-central-1", attach.Error, StringComparison.Ordinal);
        Assert.Contains("NotFound", attach.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyThatIsNotTheTenants_IsRefused_BeforeAnyCallToAws()
    {
        await Cli("tenant", "create", "other", "--name", "Other");
        var othersKey = (await Cli("key", "issue", "other", "--name", "web", "--quiet")).Output.Trim();

        var attach = await Gateway(othersKey, "attach", "acme", "--config", _config);

        Assert.Equal(1, attach.ExitCode);
        Assert.Contains("not an active API key of tenant acme", attach.Error, StringComparison.Ordinal);
        Assert.Empty(_aws.Gateway.Received);
    }

    private Task<CliProcess.Result> Cli(params string[] args) => CliProcess.RunAsync(_db.Admin, args);

    private Task<CliProcess.Result> Gateway(string? stdin, params string[] args) =>
        CliProcess.RunAsync(_db.Admin, _aws.Environment, stdin, ["gateway", .. args]);
}
