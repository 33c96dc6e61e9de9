using Microsoft.Extensions.AI;
using Npgsql;
using Serverless.Core.Budgets;
using Serverless.Core.Drafts;
using Serverless.Llm.Pricing;
using Serverless.Llm.Tests.Support;
using Serverless.Testing;

namespace Serverless.Llm.Tests.Pricing;

/// <summary>
/// A price change in the middle of a budget period (a new version of the price table with a later
/// <c>effectiveFrom</c>) prices the calls after it only; what was settled before keeps its price and version.
/// Over real PostgreSQL, through the budget client as the worker builds it.
/// </summary>
public sealed class PriceChangeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Change = new(2026, 3, 15, 0, 0, 0, TimeSpan.Zero);

    private static readonly PriceTable Prices = PriceTable.From("USD", 1_000_000,
        new PriceVersion("2026-03-01", new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), "test", [new ModelPrice("openai", "gpt-4o-mini", 1m, 2m, 0.5m)]),
        new PriceVersion("2026-03-15", Change, "test", [new ModelPrice("openai", "gpt-4o-mini", 2m, 4m, 1m)]));

    private readonly Clock _clock = new(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
    private DatabaseFixture _db = null!;

    public async Task InitializeAsync() => _db = await DatabaseFixture.CreateAsync("llm");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_new_price_applies_to_later_calls_only_and_each_call_keeps_the_version_that_priced_it()
    {
        var tenant = (await _db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var ledger = new BudgetLedger(_db.App, _clock);
        await ledger.SetAsync(tenant, Budget.AllFeatures, tokenLimit: null, costLimitMicros: 1_000_000, null, WhenExhausted.Refuse, default);
        // The fake provider reports 1,200 input and 800 output tokens per call.
        var client = new BudgetChatClient(new FakeChatClient(), ledger, new PriceTableCallPricing(Prices, "openai"),
            new TokenCounter(), _clock, new NoWarnings(), defaultMaxOutputTokens: 1_000);

        await client.GetResponseAsync([new(ChatRole.User, "Write about Lambda pricing.")], For(tenant, "job-1/1"));
        _clock.Now = Change.AddDays(5);
        await client.GetResponseAsync([new(ChatRole.User, "Write about Lambda pricing.")], For(tenant, "job-2/1"));

        var rows = await SettledAsync(tenant);
        // Before the change: 1,200 × $1 + 800 × $2 per 1M tokens = $0.0028; after it, twice that.
        Assert.Equal([("job-1/1/1", "2026-03-01", 2_800L), ("job-2/1/1", "2026-03-15", 5_600L)], rows);
        var period = Assert.Single(await ledger.StatusAsync(tenant, "drafts.generate", default));
        Assert.Equal((0L, 8_400L), (period.ReservedMicros, period.SettledMicros));
    }

    private static ChatOptions For(Guid tenant, string usageId)
    {
        var options = new ChatOptions { ModelId = "gpt-4o-mini" };
        new LlmCall(tenant, "drafts.generate", usageId).AttachTo(options);
        return options;
    }

    private async Task<List<(string Id, string Version, long Micros)>> SettledAsync(Guid tenant)
    {
        await using var data = NpgsqlDataSource.Create(_db.Database.Admin);
        await using var select = data.CreateCommand("SELECT id, price_version, cost_micros FROM llm_usage WHERE tenant_id = $1 AND state = 'settled' ORDER BY id");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenant });
        var rows = new List<(string, string, long)>();
        await using var r = await select.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add((r.GetString(0), r.GetString(1), r.GetInt64(2)));
        }
        return rows;
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class NoWarnings : IBudgetWarnings
    {
        public void Crossed(BudgetWarning warning)
        {
        }

        public void Refused(LlmCall call, BudgetRefusal refusal)
        {
        }
    }
}
