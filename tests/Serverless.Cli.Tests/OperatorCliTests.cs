using Serverless.Core.ApiKeys;
using Serverless.Core.Data;
using Serverless.Testing;

namespace Serverless.Cli.Tests;

public sealed class OperatorCliTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync("cli", migrate: false);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task FromAnEmptyDatabase_MigrateTenantAndKey_GiveAWorkingKey()
    {
        var migrate = await CliProcess.RunAsync(_db.Admin, "migrate");
        var again = await CliProcess.RunAsync(_db.Admin, "migrate");
        var tenant = await CliProcess.RunAsync(_db.Admin, "tenant", "create", "acme", "--name", "Acme", "--tier", "premium");
        var key = await CliProcess.RunAsync(_db.Admin, "key", "issue", "acme", "--name", "web", "--quiet");

        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("applying 0001_roles", migrate.Output, StringComparison.Ordinal);
        Assert.Contains("schema is current", again.Output, StringComparison.Ordinal);
        Assert.Equal(0, tenant.ExitCode);
        Assert.Equal(0, key.ExitCode);
        await using var app = Databases.Create(new DatabaseOptions { Primary = _db.Primary });
        var authenticated = await new ApiKeyAuthenticator(app, TimeProvider.System).AuthenticateAsync(key.Output.Trim(), default);
        Assert.NotNull(authenticated);
        Assert.Equal("acme", authenticated.TenantSlug);
        Assert.Equal("premium", authenticated.TenantTier);
    }

    [Fact]
    public async Task KeyList_NeverPrintsSecrets_AndRevokeTakesEffect()
    {
        await CliProcess.RunAsync(_db.Admin, "migrate");
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "beta", "--name", "Beta");
        var key = (await CliProcess.RunAsync(_db.Admin, "key", "issue", "beta", "--name", "ci", "--quiet")).Output.Trim();
        var prefix = ApiKeySecret.PrefixOf(key)!;

        var list = await CliProcess.RunAsync(_db.Admin, "key", "list", "beta");
        var revoke = await CliProcess.RunAsync(_db.Admin, "key", "revoke", prefix);
        var check = await CliProcess.RunAsync(_db.Admin, "key", "check", key);

        Assert.Contains(prefix, list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.Output, StringComparison.Ordinal);
        Assert.Equal(0, revoke.ExitCode);
        Assert.Equal(1, check.ExitCode);
    }

    [Fact]
    public async Task Rotate_GivesANewKey_AndTheOldOneKeepsWorkingDuringGrace()
    {
        await CliProcess.RunAsync(_db.Admin, "migrate");
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "gamma", "--name", "Gamma");
        var old = (await CliProcess.RunAsync(_db.Admin, "key", "issue", "gamma", "--name", "app", "--quiet")).Output.Trim();

        var rotate = await CliProcess.RunAsync(_db.Admin, "key", "rotate", ApiKeySecret.PrefixOf(old)!, "--grace-minutes", "5");
        var fresh = rotate.Output.Split('\n').Single(l => l.StartsWith("sl_", StringComparison.Ordinal)).Trim();

        Assert.Equal(0, rotate.ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(_db.Admin, "key", "check", old)).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(_db.Admin, "key", "check", fresh)).ExitCode);
    }

    [Fact]
    public async Task Mistakes_ExitNonZero_WithOneClearLine()
    {
        await CliProcess.RunAsync(_db.Admin, "migrate");

        var unknownTenant = await CliProcess.RunAsync(_db.Admin, "key", "issue", "nobody", "--name", "x");
        var badSlug = await CliProcess.RunAsync(_db.Admin, "tenant", "create", "Bad Slug", "--name", "x");
        var missingOption = await CliProcess.RunAsync(_db.Admin, "tenant", "create", "fine");

        Assert.Equal(1, unknownTenant.ExitCode);
        Assert.Equal("error: no tenant 'nobody' (./dev cli tenant list shows them)", unknownTenant.Error.Trim());
        Assert.Equal(1, badSlug.ExitCode);
        Assert.StartsWith("error: ", badSlug.Error, StringComparison.Ordinal);
        Assert.Equal(2, missingOption.ExitCode);
        Assert.DoesNotContain("   at ", unknownTenant.Error + badSlug.Error, StringComparison.Ordinal);
    }
}
