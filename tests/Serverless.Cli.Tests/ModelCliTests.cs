using Npgsql;
using Serverless.Testing;

namespace Serverless.Cli.Tests;

/// <summary>An operator sets a tenant's model tier per task and its semantic cache switch; each change is audited.</summary>
public sealed class ModelCliTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync("cli_model");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task An_operator_routes_a_task_turns_the_semantic_cache_off_and_both_are_audited()
    {
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "acme", "--name", "Acme");

        var set = await CliProcess.RunAsync(_db.Admin, "route", "set", "acme", "drafts.generate", "small");
        var shown = await CliProcess.RunAsync(_db.Admin, "route", "show", "acme");
        var cleared = await CliProcess.RunAsync(_db.Admin, "route", "clear", "acme", "drafts.generate");
        var empty = await CliProcess.RunAsync(_db.Admin, "route", "show", "acme");
        var off = await CliProcess.RunAsync(_db.Admin, "cache", "semantic", "off", "acme");
        var show = await CliProcess.RunAsync(_db.Admin, "cache", "semantic", "show", "acme");
        var bad = await CliProcess.RunAsync(_db.Admin, "route", "set", "acme", "Drafts", "small");
        var hook = await CliProcess.RunAsync(_db.Admin, "budget", "webhook", "set", "acme", "http://127.0.0.1:9/hooks/budget");
        var hookShown = await CliProcess.RunAsync(_db.Admin, "budget", "webhook", "show", "acme");
        var plainHttp = await CliProcess.RunAsync(_db.Admin, "budget", "webhook", "set", "acme", "http://example.com/hook");

        Assert.Equal(0, set.ExitCode);
        Assert.Contains(shown.Output.Split('\n'), l => l.StartsWith("drafts.generate", StringComparison.Ordinal) && l.TrimEnd().EndsWith("small", StringComparison.Ordinal));
        Assert.Equal(0, cleared.ExitCode);
        Assert.Contains("no overrides", empty.Output, StringComparison.Ordinal);
        Assert.Contains("acme: semantic cache off", off.Output, StringComparison.Ordinal);
        Assert.Contains("acme: semantic cache off", show.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("signing secret (shown once", hook.Output, StringComparison.Ordinal);
        Assert.Contains("acme: http://127.0.0.1:9/hooks/budget", hookShown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", hookShown.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, plainHttp.ExitCode);
        Assert.Equal(["llm_route.created", "llm_route.deleted", "llm_settings.created", "llm_settings.updated"], await AuditActionsAsync());
    }

    private async Task<List<string>> AuditActionsAsync()
    {
        await using var data = NpgsqlDataSource.Create(_db.Admin);
        await using var select = data.CreateCommand("SELECT action FROM audit_log WHERE action LIKE 'llm_%' ORDER BY created_at");
        var actions = new List<string>();
        await using var r = await select.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            actions.Add(r.GetString(0));
        }
        return actions;
    }
}
