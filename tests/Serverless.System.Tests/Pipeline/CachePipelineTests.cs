using Npgsql;
using Serverless.Core.Budgets;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Pipeline;

/// <summary>
/// The caches in the worker's pipeline (router → caches → budget → providers): a hit makes no provider call,
/// reserves and spends nothing, and is written to the ledger as a hit with what it saved.
/// </summary>
public sealed class CachePipelineTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    private BudgetLedger Ledger => new(fx.Db.App, TimeProvider.System);

    /// <summary>Drafts may share answers by meaning only where configured; these tests configure it.</summary>
    private static Dictionary<string, string?> SemanticDrafts => new() { ["Llm:SemanticCache:Tasks:drafts.generate"] = "0.875" };

    [Fact]
    public async Task The_same_draft_request_again_is_served_from_the_exact_cache_without_a_provider_call_or_spend()
    {
        fx.Model.Answers();
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        await Ledger.SetAsync(tenantId, Budget.AllFeatures, tokenLimit: 1_000_000, null, null, WhenExhausted.Refuse, default);
        await using var worker = await fx.StartWorkerAsync();
        await PipelineFixture.JobReachesAsync(client, await PipelineFixture.RequestDraftAsync(client, contentId, "Keep it short."), "succeeded");
        var callsAfterFirst = fx.Model.Calls;

        var again = await PipelineFixture.RequestDraftAsync(client, contentId, "Keep it short.");
        await PipelineFixture.JobReachesAsync(client, again, "succeeded");

        Assert.Equal(callsAfterFirst, fx.Model.Calls);
        var drafts = await PipelineFixture.DraftsAsync(client, contentId);
        Assert.Equal(2, drafts.Length);
        Assert.All(drafts, PipelineFixture.AssertUsable);
        Assert.Equal(drafts[0].GetProperty("body").GetString(), drafts[1].GetProperty("body").GetString());
        // The budget saw the first call only: the hit reserved nothing and spent nothing.
        var status = Assert.Single(await Ledger.StatusAsync(tenantId, "drafts.generate", default));
        Assert.Equal((150L, 0L), (status.SettledTokens, status.ReservedTokens));
        var hit = Assert.Single(await LedgerRowsAsync(tenantId, "cache_hit"));
        Assert.Equal(("exact", 150L, 0L), (hit.Kind, hit.SavedTokens, hit.CostMicros));
        Assert.True(hit.SavedMicros > 0, "the hit records the money it saved");
    }

    [Fact]
    public async Task A_paraphrased_request_is_served_from_the_semantic_cache_unless_the_tenant_turned_it_off()
    {
        fx.Model.Answers();
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync(SemanticDrafts);
        await PipelineFixture.JobReachesAsync(client, await PipelineFixture.RequestDraftAsync(client, contentId, "Keep the draft short."), "succeeded");
        var calls = fx.Model.Calls;

        await PipelineFixture.JobReachesAsync(client, await PipelineFixture.RequestDraftAsync(client, contentId, "Keep the draft brief."), "succeeded");
        Assert.Equal(calls, fx.Model.Calls);
        Assert.Equal("semantic", Assert.Single(await LedgerRowsAsync(tenantId, "cache_hit")).Kind);

        await new TenantLlmSettings(fx.Db.App, TimeProvider.System, new()).SetSemanticCacheAsync(tenantId, false, default);
        // The worker reads the switch at most every Llm:Routing:OverrideCacheSeconds; a new worker reads it now.
        await worker.DisposeAsync();
        await using var second = await fx.StartWorkerAsync(SemanticDrafts);
        await PipelineFixture.JobReachesAsync(client, await PipelineFixture.RequestDraftAsync(client, contentId, "Keep this draft brief."), "succeeded");

        Assert.Equal(calls + 1, fx.Model.Calls);
    }

    [Fact]
    public async Task Two_tenants_with_the_same_request_never_share_a_cached_draft()
    {
        fx.Model.Answers();
        var (first, firstItem, _) = await fx.TenantWithItemAsync();
        var (second, secondItem, _) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync();
        await PipelineFixture.JobReachesAsync(first, await PipelineFixture.RequestDraftAsync(first, firstItem), "succeeded");
        var calls = fx.Model.Calls;

        await PipelineFixture.JobReachesAsync(second, await PipelineFixture.RequestDraftAsync(second, secondItem), "succeeded");

        Assert.Equal(calls + 1, fx.Model.Calls);
    }

    private sealed record LedgerRow(string? Kind, long SavedTokens, long SavedMicros, long CostMicros);

    private async Task<List<LedgerRow>> LedgerRowsAsync(Guid tenantId, string state)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand(
            "SELECT cache_kind, saved_tokens, saved_micros, COALESCE(cost_micros, 0) FROM llm_usage WHERE tenant_id = $1 AND state = $2");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state });
        var rows = new List<LedgerRow>();
        await using var r = await select.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add(new LedgerRow(r.IsDBNull(0) ? null : r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)));
        }
        return rows;
    }
}
