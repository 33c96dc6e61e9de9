using System.Net;
using Serverless.Api.Tests.Support;
using Serverless.Core.Budgets;

namespace Serverless.Api.Tests.Features.Usage;

/// <summary><c>GET /v1/usage</c>: a tenant admin's view of the ledger, provider cost and cache savings apart.</summary>
public sealed class UsageReportTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private BudgetLedger Ledger => new(api.Db.App, TimeProvider.System);

    private async Task SpendAsync(Guid tenant, string feature, string model, long input, long output, long micros)
    {
        var id = Guid.NewGuid().ToString("N");
        await Ledger.ReserveAsync(new BudgetReservation(tenant, feature, id, model, input + output, micros), default);
        await Ledger.SettleAsync(tenant, id, new SettledUsage(input, output, micros, "test-1"), default);
    }

    [Fact]
    public async Task The_report_groups_spend_by_model_and_keeps_cache_savings_apart()
    {
        var (tenant, _) = await api.TenantAsync();
        var id = tenant.Tenant.Id;
        await Ledger.SetAsync(id, Budget.AllFeatures, tokenLimit: 10_000, costLimitMicros: 5_000_000, null, WhenExhausted.Refuse, default);
        await SpendAsync(id, "drafts.generate", "large", 100, 400, 2_500);
        await SpendAsync(id, "drafts.generate", "large", 100, 100, 1_000);
        await SpendAsync(id, "outline.generate", "small", 50, 50, 100);
        await Ledger.RecordCacheHitAsync(id, Guid.NewGuid().ToString("N"), "drafts.generate", "large", CacheKind.Exact, 500, 2_500, default);
        var admin = api.Client().WithBearer(Tokens.Mint(id, "admin"));

        var report = await (await admin.GetAsync("/v1/usage?groupBy=model")).AssertOk();

        var rows = report.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        Assert.Equal(2, rows["large"].GetProperty("calls").GetInt64());
        Assert.Equal(1, rows["large"].GetProperty("cacheHits").GetInt64());
        Assert.Equal(0.0035m, rows["large"].GetProperty("providerCostUsd").GetDecimal());
        Assert.Equal(0.0025m, rows["large"].GetProperty("savedUsd").GetDecimal());
        Assert.Equal(500, rows["large"].GetProperty("savedTokens").GetInt64());
        Assert.Equal(50, rows["small"].GetProperty("outputTokens").GetInt64());
        var budget = Assert.Single(report.GetProperty("budgets").EnumerateArray());
        Assert.Equal(800, budget.GetProperty("spentTokens").GetInt64());
        Assert.Equal(9_200, budget.GetProperty("remainingTokens").GetInt64());
        Assert.Equal(4.9964m, budget.GetProperty("remainingUsd").GetDecimal());
    }

    [Fact]
    public async Task Usage_is_for_the_tenants_admins_only_and_only_their_own()
    {
        var (a, _) = await api.TenantAsync();
        var (b, _) = await api.TenantAsync();
        await SpendAsync(a.Tenant.Id, "drafts.generate", "large", 10, 10, 10);

        foreach (var role in new[] { "viewer", "reviewer", "editor" })
        {
            var person = api.Client().WithBearer(Tokens.Mint(a.Tenant.Id, role));
            await (await person.GetAsync("/v1/usage")).AssertProblem(HttpStatusCode.Forbidden);
        }
        var adminOfB = api.Client().WithBearer(Tokens.Mint(b.Tenant.Id, "admin"));
        var report = await (await adminOfB.GetAsync("/v1/usage?groupBy=task")).AssertOk();
        Assert.Empty(report.GetProperty("rows").EnumerateArray());
    }

    [Theory]
    [InlineData("groupBy=tenant", "groupBy")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-05-01&to=2026-04-01", "to")]
    [InlineData("from=2020-01-01&to=2026-01-01", "from")]
    public async Task A_bad_query_is_a_validation_problem(string query, string field)
    {
        var (tenant, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin"));

        var problem = await (await admin.GetAsync($"/v1/usage?{query}")).AssertProblem(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
