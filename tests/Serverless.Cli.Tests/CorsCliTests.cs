using Npgsql;
using Serverless.Testing;

namespace Serverless.Cli.Tests;

/// <summary><c>cors set|show</c>: an operator names a tenant's browser origins; bad input is refused in plain words.</summary>
public sealed class CorsCliTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("cli", migrate: false);
        await CliProcess.RunAsync(_db.Admin, "migrate");
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "acme", "--name", "Acme");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Set_StoresOriginsAsBrowsersSendThem_AndShowListsThem()
    {
        var set = await CliProcess.RunAsync(_db.Admin, "cors", "set", "acme", "https://App.Acme.example", "http://localhost:5173/", "https://app.acme.example:443");
        var show = await CliProcess.RunAsync(_db.Admin, "cors", "show", "acme");

        Assert.Equal(0, set.ExitCode);
        Assert.Equal(["https://app.acme.example", "http://localhost:5173"], show.Output.Trim().Split('\n'));
    }

    [Fact]
    public async Task Set_LeavesOneAuditRow_NamingTheOperatorAndTheOrigins()
    {
        await CliProcess.RunAsync(_db.Admin, "cors", "set", "acme", "https://app.acme.example");

        await using var data = NpgsqlDataSource.Create(_db.Admin);
        await using var select = data.CreateCommand("""
            SELECT a.action, a.actor, a.changes -> 'after' -> 'cors' ->> 'origins'
              FROM audit_log a JOIN tenants t ON t.id = a.tenant_id
             WHERE t.slug = 'acme' ORDER BY a.created_at
            """);
        var rows = new List<(string Action, string Actor, string? Origins)>();
        await using (var r = await select.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                rows.Add((r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));
            }
        }

        var row = Assert.Single(rows);
        Assert.Equal("tenant_settings.updated", row.Action);
        Assert.StartsWith("operator:", row.Actor, StringComparison.Ordinal);
        Assert.Equal("[\"https://app.acme.example\"]", row.Origins);
    }

    [Fact]
    public async Task AnOriginWithAPath_IsRefused_WithoutFrameworkText()
    {
        var set = await CliProcess.RunAsync(_db.Admin, "cors", "set", "acme", "https://app.acme.example/admin");

        Assert.Equal(1, set.ExitCode);
        Assert.Contains("has more than an origin", set.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", set.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownTenant_IsNamed()
    {
        var set = await CliProcess.RunAsync(_db.Admin, "cors", "set", "nobody", "https://x.example");

        Assert.Equal(1, set.ExitCode);
        Assert.Contains("no tenant 'nobody'", set.Error, StringComparison.Ordinal);
    }
}
