using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Serverless.Core.Budgets;
using Serverless.Testing;

namespace Serverless.Core.Tests.Budgets;

/// <summary>Budgets hold against real PostgreSQL: reserve the worst case, settle to what was used, or release.</summary>
public sealed class BudgetLedgerTests(ClassDatabase fixture) : IClassFixture<ClassDatabase>
{
    internal const string Drafts = "drafts.generate";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 20, 12, 0, 0, TimeSpan.Zero));

    private BudgetLedger Ledger => new(fixture.Db.App, _time);

    private async Task<Guid> TenantAsync() => (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;

    internal static BudgetReservation Call(Guid tenant, long tokens, string? id = null, string feature = Drafts, long micros = 0) =>
        new(tenant, feature, id ?? Guid.NewGuid().ToString("N"), "small", tokens, micros);

    [Fact]
    public async Task Fifty_concurrent_calls_against_a_budget_for_ten_never_hold_more_than_the_limit_and_settle_exactly()
    {
        var tenant = await TenantAsync();
        var budget = await Ledger.SetAsync(tenant, Budget.AllFeatures, tokenLimit: 1_000, costLimitMicros: null, null, WhenExhausted.Refuse, default);
        var calls = Enumerable.Range(0, 50).Select(_ => Call(tenant, 100)).ToList();

        // Watch the period row from outside while the calls race for it.
        using var stop = new CancellationTokenSource();
        var highest = 0L;
        var watcher = Task.Run(async () =>
        {
            await using var admin = new NpgsqlConnection(fixture.Db.Database.Admin);
            await admin.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                await using var read = new NpgsqlCommand("SELECT COALESCE(max(reserved_tokens + settled_tokens), 0) FROM llm_budget_periods WHERE budget_id = $1", admin);
                read.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = budget.Id });
                highest = Math.Max(highest, (long)(await read.ExecuteScalarAsync())!);
            }
        });
        var outcomes = await Task.WhenAll(calls.Select(c => Task.Run(() => Ledger.ReserveAsync(c, default))));
        var held = calls.Where((_, i) => outcomes[i] is ReserveOutcome.Reserved).ToList();
        foreach (var call in held)
        {
            await Ledger.SettleAsync(tenant, call.UsageId, new SettledUsage(30, 50, 0, "v1"), default);
            await Ledger.SettleAsync(tenant, call.UsageId, new SettledUsage(30, 50, 0, "v1"), default); // a redelivery
        }
        await stop.CancelAsync();
        await watcher;

        Assert.Equal(10, held.Count);
        Assert.All(outcomes.OfType<ReserveOutcome.Refused>(), r => Assert.Equal(BudgetMeasure.Tokens, r.Reason.Measure));
        Assert.True(highest <= 1_000, $"settled + reserved reached {highest}");
        var status = Assert.Single(await Ledger.StatusAsync(tenant, Drafts, default));
        Assert.Equal(0, status.ReservedTokens);
        Assert.Equal(10 * 80, status.SettledTokens);
    }

    [Fact]
    public async Task A_refused_call_holds_nothing_and_leaves_no_ledger_row()
    {
        var tenant = await TenantAsync();
        await Ledger.SetAsync(tenant, Budget.AllFeatures, 100, null, null, WhenExhausted.Downgrade, default);
        var call = Call(tenant, 101);

        var outcome = Assert.IsType<ReserveOutcome.Refused>(await Ledger.ReserveAsync(call, default));

        Assert.Equal((100L, 0L, 101L), (outcome.Reason.Limit, outcome.Reason.Used, outcome.Reason.Asked));
        Assert.Equal(WhenExhausted.Downgrade, outcome.Reason.WhenExhausted);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), outcome.Reason.ResetsAt);
        Assert.Equal(0, Assert.Single(await Ledger.StatusAsync(tenant, Drafts, default)).ReservedTokens);
        Assert.Equal(0L, await CountUsageAsync(call.UsageId));
    }

    [Fact]
    public async Task A_call_must_fit_the_tenant_budget_and_its_feature_budget()
    {
        var tenant = await TenantAsync();
        await Ledger.SetAsync(tenant, Budget.AllFeatures, 1_000, null, null, WhenExhausted.Refuse, default);
        await Ledger.SetAsync(tenant, Drafts, 150, null, null, WhenExhausted.Refuse, default);

        Assert.IsType<ReserveOutcome.Reserved>(await Ledger.ReserveAsync(Call(tenant, 100), default));
        var refused = Assert.IsType<ReserveOutcome.Refused>(await Ledger.ReserveAsync(Call(tenant, 100), default));
        var other = await Ledger.ReserveAsync(Call(tenant, 500, feature: "outline.generate"), default);

        Assert.Equal(Drafts, refused.Reason.Feature);
        Assert.IsType<ReserveOutcome.Reserved>(other);
        var statuses = await Ledger.StatusAsync(tenant, Drafts, default);
        Assert.Equal(600, statuses.Single(s => s.Budget.Feature == Budget.AllFeatures).ReservedTokens);
        Assert.Equal(100, statuses.Single(s => s.Budget.Feature == Drafts).ReservedTokens);
    }

    [Fact]
    public async Task A_money_limit_refuses_on_cost_even_when_tokens_would_fit()
    {
        var tenant = await TenantAsync();
        await Ledger.SetAsync(tenant, Budget.AllFeatures, tokenLimit: 1_000_000, costLimitMicros: 50_000, null, WhenExhausted.Refuse, default);

        Assert.IsType<ReserveOutcome.Reserved>(await Ledger.ReserveAsync(Call(tenant, 10, micros: 40_000), default));
        var refused = Assert.IsType<ReserveOutcome.Refused>(await Ledger.ReserveAsync(Call(tenant, 10, micros: 20_000), default));

        Assert.Equal(BudgetMeasure.Cost, refused.Reason.Measure);
        Assert.Equal((50_000L, 40_000L), (refused.Reason.Limit, refused.Reason.Used));
    }

    [Fact]
    public async Task Reserving_twice_for_one_attempt_holds_once()
    {
        var tenant = await TenantAsync();
        await Ledger.SetAsync(tenant, Budget.AllFeatures, 1_000, null, null, WhenExhausted.Refuse, default);
        var call = Call(tenant, 300, id: $"{Guid.NewGuid()}/1");

        Assert.Equal(new ReserveOutcome.Reserved(false), await Ledger.ReserveAsync(call, default));
        Assert.Equal(new ReserveOutcome.Reserved(true), await Ledger.ReserveAsync(call, default));

        Assert.Equal(300, Assert.Single(await Ledger.StatusAsync(tenant, Drafts, default)).ReservedTokens);
    }

    [Fact]
    public async Task Releasing_returns_the_hold_once_and_counts_nothing()
    {
        var tenant = await TenantAsync();
        await Ledger.SetAsync(tenant, Budget.AllFeatures, 1_000, null, null, WhenExhausted.Refuse, default);
        var call = Call(tenant, 400);
        await Ledger.ReserveAsync(call, default);

        Assert.True(await Ledger.ReleaseAsync(tenant, call.UsageId, default));
        Assert.False(await Ledger.ReleaseAsync(tenant, call.UsageId, default));
        // A settlement after the release (the provider answered after all) still counts what was used.
        await Ledger.SettleAsync(tenant, call.UsageId, new SettledUsage(10, 20, 0, "v1"), default);

        var status = Assert.Single(await Ledger.StatusAsync(tenant, Drafts, default));
        Assert.Equal((0L, 30L), (status.ReservedTokens, status.SettledTokens));
    }

    [Fact]
    public async Task A_new_month_is_a_new_period_row_and_the_old_one_keeps_its_spend()
    {
        var tenant = await TenantAsync();
        await Ledger.SetAsync(tenant, Budget.AllFeatures, 100, null, null, WhenExhausted.Refuse, default);
        _time.SetUtcNow(new DateTimeOffset(2026, 1, 31, 23, 59, 59, TimeSpan.Zero));
        var january = Call(tenant, 100);
        await Ledger.ReserveAsync(january, default);
        await Ledger.SettleAsync(tenant, january.UsageId, new SettledUsage(60, 40, 0, "v1"), default);
        Assert.IsType<ReserveOutcome.Refused>(await Ledger.ReserveAsync(Call(tenant, 1), default));

        _time.SetUtcNow(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var february = await Ledger.ReserveAsync(Call(tenant, 100), default);

        Assert.IsType<ReserveOutcome.Reserved>(february);
        await using var admin = new NpgsqlConnection(fixture.Db.Database.Admin);
        await admin.OpenAsync();
        await using var periods = new NpgsqlCommand("""
            SELECT to_char(p.period_start AT TIME ZONE 'UTC', 'YYYY-MM'), p.settled_tokens, p.reserved_tokens
              FROM llm_budget_periods p JOIN llm_budgets b ON b.id = p.budget_id WHERE b.tenant_id = $1 ORDER BY 1
            """, admin);
        periods.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenant });
        var rows = new List<(string, long, long)>();
        await using var r = await periods.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add((r.GetString(0), r.GetInt64(1), r.GetInt64(2)));
        }
        Assert.Equal([("2026-01", 100L, 0L), ("2026-02", 0L, 100L)], rows);
    }

    [Fact]
    public async Task Concurrent_reservations_of_one_attempt_hold_once_even_when_the_budget_fits_only_one()
    {
        var tenant = await TenantAsync();
        await Ledger.SetAsync(tenant, Budget.AllFeatures, 100, null, null, WhenExhausted.Refuse, default);
        var call = Call(tenant, 100, id: $"{Guid.NewGuid()}/1");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Ledger.ReserveAsync(call, default))));

        Assert.Single(outcomes, o => o == new ReserveOutcome.Reserved(false));
        Assert.All(outcomes.Where(o => o != new ReserveOutcome.Reserved(false)), o => Assert.Equal(new ReserveOutcome.Reserved(true), o));
        Assert.Equal(100, Assert.Single(await Ledger.StatusAsync(tenant, Drafts, default)).ReservedTokens);
    }

    [Fact]
    public async Task The_sweeper_releases_holds_whose_job_died_and_a_late_settlement_still_counts()
    {
        var tenant = await TenantAsync();
        await Ledger.SetAsync(tenant, Budget.AllFeatures, 1_000, null, null, WhenExhausted.Refuse, default);
        var dead = Call(tenant, 700);
        await Ledger.ReserveAsync(dead, default);
        await AgeAsync(dead.UsageId, TimeSpan.FromHours(1));
        var fresh = Call(tenant, 100);
        await Ledger.ReserveAsync(fresh, default);

        var released = await Ledger.ReleaseStaleAsync(TimeSpan.FromMinutes(30), default);

        Assert.True(released >= 1);
        var status = Assert.Single(await Ledger.StatusAsync(tenant, Drafts, default));
        Assert.Equal(100, status.ReservedTokens);
        await Ledger.SettleAsync(tenant, dead.UsageId, new SettledUsage(200, 300, 0, "v1"), default);
        status = Assert.Single(await Ledger.StatusAsync(tenant, Drafts, default));
        Assert.Equal((100L, 500L), (status.ReservedTokens, status.SettledTokens));
    }

    [Fact]
    public async Task A_cache_hit_is_recorded_with_what_it_saved_and_spends_nothing()
    {
        var tenant = await TenantAsync();
        await Ledger.SetAsync(tenant, Budget.AllFeatures, 1_000, null, null, WhenExhausted.Refuse, default);
        var id = Guid.NewGuid().ToString("N");

        await Ledger.RecordCacheHitAsync(tenant, id, Drafts, "small", CacheKind.Exact, savedTokens: 900, savedMicros: 1_200, default);

        Assert.Equal(0, Assert.Single(await Ledger.StatusAsync(tenant, Drafts, default)).SettledTokens);
        Assert.Equal(1L, await CountUsageAsync(id));
    }

    [Fact]
    public async Task One_tenant_never_sees_or_spends_another_tenants_budget()
    {
        var a = await TenantAsync();
        var b = await TenantAsync();
        await Ledger.SetAsync(a, Budget.AllFeatures, 10, null, null, WhenExhausted.Refuse, default);

        Assert.Empty(await Ledger.StatusAsync(b, Drafts, default));
        Assert.IsType<ReserveOutcome.Reserved>(await Ledger.ReserveAsync(Call(b, 1_000), default));
    }

    private async Task<long> CountUsageAsync(string id)
    {
        await using var admin = new NpgsqlConnection(fixture.Db.Database.Admin);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM llm_usage WHERE id = $1", admin);
        count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task AgeAsync(string id, TimeSpan age)
    {
        await using var admin = new NpgsqlConnection(fixture.Db.Database.Admin);
        await admin.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE llm_usage SET created_at = now() - $2 WHERE id = $1", admin);
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        update.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = age });
        await update.ExecuteNonQueryAsync();
    }
}
