using System.Text.Json;
using Serverless.Core.Budgets;
using Serverless.Core.Data;
using Serverless.Core.Tenants;
using Serverless.Testing;

namespace Serverless.Cli.Tests;

/// <summary>An operator sets budgets and reads usage across tenants from the ledger.</summary>
public sealed class UsageCliTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync("cli_usage");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_budget_of_one_measure_says_the_other_is_unlimited()
    {
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "acme", "--name", "Acme");

        var tokens = await CliProcess.RunAsync(_db.Admin, "budget", "set", "acme", "--tokens", "3000");
        var usd = await CliProcess.RunAsync(_db.Admin, "budget", "set", "acme", "--usd", "12.5");

        Assert.Contains("3000 tokens a month (no USD limit)", tokens.Output, StringComparison.Ordinal);
        Assert.Contains("12.50 USD a month (no token limit)", usd.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_sets_a_budget_and_reads_spend_per_tenant_as_a_table_and_as_json()
    {
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "acme", "--name", "Acme");
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "beta", "--name", "Beta");

        var set = await CliProcess.RunAsync(_db.Admin, "budget", "set", "acme", "--tokens", "1000", "--usd", "2.50", "--warn", "50,90");
        await using var app = Databases.Create(new DatabaseOptions { Primary = _db.Primary });
        var ledger = new BudgetLedger(app, TimeProvider.System);
        await using var admin = Npgsql.NpgsqlDataSource.Create(_db.Admin);
        foreach (var (slug, tokens) in new[] { ("acme", 300L), ("beta", 40L) })
        {
            var tenant = (await new TenantAdmin(admin).FindAsync(slug, default))!;
            var id = Guid.NewGuid().ToString("N");
            Assert.IsType<ReserveOutcome.Reserved>(await ledger.ReserveAsync(new BudgetReservation(tenant.Id, "drafts.generate", id, "large", tokens, 1_000), default));
            await ledger.SettleAsync(tenant.Id, id, new SettledUsage(tokens / 2, tokens / 2, 1_000, "test-1"), default);
        }

        var table = await CliProcess.RunAsync(_db.Admin, "usage", "report", "--by", "model");
        var json = await CliProcess.RunAsync(_db.Admin, "usage", "report", "--tenant", "acme", "--json");
        var show = await CliProcess.RunAsync(_db.Admin, "budget", "show", "acme");
        var bad = await CliProcess.RunAsync(_db.Admin, "usage", "report", "--by", "tenant");

        Assert.Equal(0, set.ExitCode);
        Assert.Contains("1000 tokens and 2.50 USD a month; warn at 50, 90 %", set.Output, StringComparison.Ordinal);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains(table.Output.Split('\n'), l => l.StartsWith("acme", StringComparison.Ordinal) && l.Contains("large", StringComparison.Ordinal) && l.Contains(" 150 ", StringComparison.Ordinal));
        Assert.Contains(table.Output.Split('\n'), l => l.StartsWith("beta", StringComparison.Ordinal) && l.Contains(" 20 ", StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(json.Output);
        var row = Assert.Single(doc.RootElement.GetProperty("rows").EnumerateArray());
        Assert.Equal("acme", row.GetProperty("tenant").GetString());
        Assert.Equal(0.001m, row.GetProperty("providerCostUsd").GetDecimal());
        var budget = Assert.Single(doc.RootElement.GetProperty("budgets").EnumerateArray());
        Assert.Equal(700, budget.GetProperty("remainingTokens").GetInt64());
        Assert.Equal(2.499m, budget.GetProperty("remainingUsd").GetDecimal());
        Assert.Contains("300/1000", show.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, bad.ExitCode);
    }
}
