using System.Text.Json;
using Serverless.Testing;

namespace Serverless.Cli.Tests;

/// <summary>What scripts rely on: usage errors exit 2 and say which help to read; list and show commands speak JSON on request.</summary>
public sealed class CliConventionsTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("cli", migrate: false);
        await CliProcess.RunAsync(_db.Admin, "migrate");
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "acme", "--name", "Acme Inc", "--tier", "premium");
        await CliProcess.RunAsync(_db.Admin, "key", "issue", "acme", "--name", "web", "--quiet");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AnUnknownOption_IsAUsageError_ExitCode2_NamingTheCommandsHelp()
    {
        var result = await CliProcess.RunAsync(_db.Admin, "tenant", "list", "--colour");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--colour", result.Error, StringComparison.Ordinal);
        Assert.Contains("./dev cli tenant list --help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingArgument_IsAUsageError_ExitCode2()
    {
        Assert.Equal(2, (await CliProcess.RunAsync(_db.Admin, "key", "issue")).ExitCode);
    }

    [Fact]
    public async Task AnUnknownTenant_IsExitCode1_AndNamesTheCommandThatListsThem()
    {
        var result = await CliProcess.RunAsync(_db.Admin, "tenant", "show", "nobody");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no tenant 'nobody' (./dev cli tenant list shows them)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantListAndShow_PrintJson_WithTheApisNames()
    {
        var list = JsonDocument.Parse((await CliProcess.RunAsync(_db.Admin, "tenant", "list", "--json")).Output).RootElement;
        var show = JsonDocument.Parse((await CliProcess.RunAsync(_db.Admin, "tenant", "show", "acme", "--json")).Output).RootElement;

        var acme = Assert.Single(list.EnumerateArray(), t => t.GetProperty("slug").GetString() == "acme");
        Assert.Equal("premium", acme.GetProperty("tier").GetString());
        Assert.Equal("Acme Inc", show.GetProperty("name").GetString());
        Assert.Equal(acme.GetProperty("id").GetGuid(), show.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task KeyList_PrintsJson_WithoutSecrets()
    {
        var result = await CliProcess.RunAsync(_db.Admin, "key", "list", "acme", "--json");

        var key = Assert.Single(JsonDocument.Parse(result.Output).RootElement.EnumerateArray());
        Assert.Equal("web", key.GetProperty("name").GetString());
        Assert.Equal("active", key.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, key.GetProperty("revokedAt").ValueKind);
        Assert.DoesNotContain("sl_", result.Output.Replace(key.GetProperty("prefix").GetString()!, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
