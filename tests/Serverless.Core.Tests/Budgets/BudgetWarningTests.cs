using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Serverless.Core.Budgets;
using Serverless.Testing;
using static Serverless.Core.Tests.Budgets.BudgetLedgerTests;

namespace Serverless.Core.Tests.Budgets;

/// <summary>Warnings at a budget's thresholds, against real PostgreSQL: once per period, audited, and queued for the tenant's webhook.</summary>
public sealed class BudgetWarningTests(ClassDatabase fixture) : IClassFixture<ClassDatabase>
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 20, 12, 0, 0, TimeSpan.Zero));

    private BudgetLedger Ledger => new(fixture.Db.App, _time);

    private async Task<Guid> TenantAsync() => (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;

    [Fact]
    public async Task Each_warning_threshold_is_reported_once_per_period_and_audited()
    {
        var tenant = await TenantAsync();
        var budget = await Ledger.SetAsync(tenant, Budget.AllFeatures, 1_000, null, [80, 100], WhenExhausted.Refuse, default);

        async Task<IReadOnlyList<BudgetWarning>> SpendAsync(long tokens)
        {
            var call = Call(tenant, tokens);
            await Ledger.ReserveAsync(call, default);
            return await Ledger.SettleAsync(tenant, call.UsageId, new SettledUsage(0, tokens, 0, "v1"), default);
        }

        var first = await SpendAsync(500);
        var second = await SpendAsync(350);
        var third = await SpendAsync(50);
        var fourth = await SpendAsync(100);

        Assert.Empty(first);
        Assert.Equal([80], second.Select(w => w.Percent));
        Assert.Empty(third);
        Assert.Equal([100], fourth.Select(w => w.Percent));
        Assert.All(second.Concat(fourth), w => Assert.Equal(budget.Id, w.BudgetId));
        Assert.Equal(["budget.reached_100", "budget.reached_80"], await AuditActionsAsync(tenant, budget.Id));
    }

    [Fact]
    public async Task A_settlement_that_crosses_a_threshold_queues_one_webhook_delivery_with_the_period_as_it_left_it()
    {
        var tenant = await TenantAsync();
        var budget = await Ledger.SetAsync(tenant, Budget.AllFeatures, 1_000, null, [80, 100], WhenExhausted.Refuse, default);
        await new BudgetWebhooks(fixture.Db.App, TestSecrets.Sealer).SetAsync(tenant, new Uri("http://127.0.0.1:9/budget"), default);
        var held = Call(tenant, 100);
        await Ledger.ReserveAsync(held, default);

        async Task SpendAsync(long tokens)
        {
            var call = Call(tenant, tokens);
            await Ledger.ReserveAsync(call, default);
            await Ledger.SettleAsync(tenant, call.UsageId, new SettledUsage(0, tokens, 0, "v1"), default);
            await Ledger.SettleAsync(tenant, call.UsageId, new SettledUsage(0, tokens, 0, "v1"), default); // a redelivery
        }

        await SpendAsync(500);
        Assert.Empty(await DeliveriesAsync(budget.Id));
        await SpendAsync(350);
        await SpendAsync(10);

        var delivery = Assert.Single(await DeliveriesAsync(budget.Id));
        Assert.Equal(80, delivery.Percent);
        using var body = System.Text.Json.JsonDocument.Parse(delivery.Payload);
        Assert.Equal("budget.threshold_reached", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(budget.Id, body.RootElement.GetProperty("budgetId").GetGuid());
        Assert.Equal(80, body.RootElement.GetProperty("percent").GetInt32());
        Assert.Equal(850, body.RootElement.GetProperty("settledTokens").GetInt64());
        Assert.Equal(100, body.RootElement.GetProperty("reservedTokens").GetInt64());
        Assert.Equal(1_000, body.RootElement.GetProperty("tokenLimit").GetInt64());
    }

    [Fact]
    public async Task A_settlement_queues_no_delivery_for_a_tenant_without_a_webhook()
    {
        var tenant = await TenantAsync();
        var budget = await Ledger.SetAsync(tenant, Budget.AllFeatures, 100, null, [50], WhenExhausted.Refuse, default);
        var call = Call(tenant, 60);
        await Ledger.ReserveAsync(call, default);

        var crossed = await Ledger.SettleAsync(tenant, call.UsageId, new SettledUsage(0, 60, 0, "v1"), default);

        Assert.Equal([50], crossed.Select(w => w.Percent));
        Assert.Empty(await DeliveriesAsync(budget.Id));
    }

    private async Task<List<(int Percent, string Payload)>> DeliveriesAsync(Guid budget)
    {
        await using var admin = new NpgsqlConnection(fixture.Db.Database.Admin);
        await admin.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT percent, payload FROM budget_webhook_deliveries WHERE budget_id = $1 ORDER BY percent", admin);
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = budget });
        var rows = new List<(int, string)>();
        await using var r = await select.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add((r.GetInt32(0), r.GetString(1)));
        }
        return rows;
    }

    private async Task<List<string>> AuditActionsAsync(Guid tenant, Guid budget)
    {
        await using var admin = new NpgsqlConnection(fixture.Db.Database.Admin);
        await admin.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT action FROM audit_log WHERE tenant_id = $1 AND entity_id = $2 AND action LIKE 'budget.reached_%' ORDER BY action", admin);
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenant });
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = budget });
        var actions = new List<string>();
        await using var r = await select.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            actions.Add(r.GetString(0));
        }
        return actions;
    }
}
