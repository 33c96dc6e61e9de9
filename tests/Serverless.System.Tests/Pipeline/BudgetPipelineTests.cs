using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Serverless.Core.Budgets;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Pipeline;

/// <summary>The worker's model calls go through the tenant's budget: spend is settled, a call that does not fit never leaves.</summary>
public sealed class BudgetPipelineTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    private BudgetLedger Ledger => new(fx.Db.App, TimeProvider.System);

    [Fact]
    public async Task A_draft_is_settled_against_the_budget_at_the_providers_reported_usage()
    {
        fx.Model.Answers();
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        await Ledger.SetAsync(tenantId, Budget.AllFeatures, tokenLimit: 1_000_000, null, null, WhenExhausted.Refuse, default);
        await using var worker = await fx.StartWorkerAsync();

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        var status = Assert.Single(await Ledger.StatusAsync(tenantId, "drafts.generate", default));
        // The fake provider reports 120 prompt and 30 completion tokens; the hold is given back.
        Assert.Equal((150L, 0L), (status.SettledTokens, status.ReservedTokens));
    }

    [Fact]
    public async Task A_drafts_settlement_commits_in_the_same_transaction_as_the_jobs_success()
    {
        fx.Model.Answers();
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        await Ledger.SetAsync(tenantId, Budget.AllFeatures, tokenLimit: 1_000_000, null, null, WhenExhausted.Refuse, default);
        await using var worker = await fx.StartWorkerAsync();

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        // now() is the transaction's start: equal times mean one transaction, so no job is ever acknowledged
        // with its spend unsettled (a settle of its own would be a later transaction).
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand("""
            SELECT j.completed_at = u.completed_at, u.state
              FROM jobs j JOIN llm_usage u ON u.tenant_id = j.tenant_id
             WHERE j.id = $1
            """);
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = jobId });
        await using var r = await select.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal("settled", r.GetString(1));
        Assert.True(r.GetBoolean(0), "the settlement and the job's success committed in different transactions");
        Assert.False(await r.ReadAsync());
    }

    [Fact]
    public async Task A_job_whose_call_does_not_fit_ends_budget_exhausted_without_calling_the_model_or_retrying()
    {
        // Room for the longest answer but not for the prompt as well: the API cannot know the prompt's tokens, so
        // it queues the draft (202), and the worker refuses the call before it leaves (the gap the API leaves).
        fx.Model.Answers();
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        await Ledger.SetAsync(tenantId, Budget.AllFeatures, tokenLimit: ModelCallLimits.DefaultMaxOutputTokens + 1, null, null, WhenExhausted.Refuse, default);
        var before = fx.Model.Calls;
        await using var worker = await fx.StartWorkerAsync();

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        var job = await PipelineFixture.JobReachesAsync(client, jobId, "budget_exhausted");

        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Contains("budget is exhausted", job.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, fx.Model.Calls);
        Assert.Empty(await PipelineFixture.DraftsAsync(client, contentId));
    }

    [Fact]
    public async Task A_draft_that_cannot_fit_even_its_longest_answer_is_refused_at_once_with_a_402()
    {
        fx.Model.Answers();
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        await Ledger.SetAsync(tenantId, Budget.AllFeatures, tokenLimit: ModelCallLimits.DefaultMaxOutputTokens - 1, null, null, WhenExhausted.Refuse, default);
        var before = fx.Model.Calls;

        var response = await client.PostAsJsonAsync($"/v1/content/{contentId}/drafts", new { });

        Assert.Equal((HttpStatusCode)402, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:serverless:problem:budget-exhausted", problem.GetProperty("type").GetString());
        Assert.Equal(before, fx.Model.Calls);
        Assert.Empty(await PipelineFixture.DraftsAsync(client, contentId));
    }
}
