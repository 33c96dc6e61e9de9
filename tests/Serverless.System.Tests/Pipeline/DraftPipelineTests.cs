using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Pipeline;

/// <summary>From <c>POST /v1/content/{id}/drafts</c> to a stored draft, through the outbox, SQS, the worker and the model.</summary>
public sealed class DraftPipelineTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task RequestedDraft_IsStoredWithThePromptVersionProviderModelTokensLatencyAndConfidence()
    {
        fx.Model.Answers();
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync();

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId, "Keep it short.");
        var job = await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        Assert.Equal("content.draft", job.GetProperty("type").GetString());
        Assert.Equal("high", job.GetProperty("priority").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        var draft = Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
        Assert.Equal(job.GetProperty("result").GetProperty("draftId").GetGuid(), draft.GetProperty("id").GetGuid());
        PipelineFixture.AssertUsable(draft);
        Assert.Equal("A drafted title", draft.GetProperty("title").GetString());
        Assert.Equal("content.draft", draft.GetProperty("promptKey").GetString());
        Assert.Equal(1, draft.GetProperty("promptVersion").GetInt32());
        Assert.Equal("fake", draft.GetProperty("provider").GetString());
        Assert.Equal(FakeOpenAi.Model, draft.GetProperty("model").GetString());
        Assert.Equal(120, draft.GetProperty("inputTokens").GetInt32());
        Assert.Equal(30, draft.GetProperty("outputTokens").GetInt32());
        Assert.True(draft.GetProperty("latencyMs").GetInt32() >= 0);
        Assert.Equal(0.9m, draft.GetProperty("confidence").GetDecimal());
        Assert.False(draft.GetProperty("repaired").GetBoolean());
        // The rendered prompt reached the model, with the item and the caller's instructions filled in.
        Assert.Contains(fx.Model.RequestBodies, b => b.Contains("Serverless on a budget", StringComparison.Ordinal) && b.Contains("Keep it short.", StringComparison.Ordinal));
        // What the job changed is audited as the job's doing, not as an anonymous database role.
        var audit = await client.GetFromJsonAsync<JsonElement>($"/v1/audit?entityId={draft.GetProperty("id").GetGuid()}");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("actor").GetString() == $"job:{jobId}");
    }

    [Fact]
    public async Task ProviderThatReportsNoUsage_TokensAreCountedWithTheTokenizer()
    {
        fx.Model.Answers(withUsage: false);
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync();

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        var draft = Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
        Assert.InRange(draft.GetProperty("inputTokens").GetInt32(), 20, 1000);
        Assert.InRange(draft.GetProperty("outputTokens").GetInt32(), 5, 100);
    }

    [Fact]
    public async Task OfflineProvider_WritesADeterministicDraftThatSaysItIsOffline()
    {
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync(new() { ["Llm:Providers:0:Name"] = "offline", ["Llm:Providers:0:Kind"] = "offline" });

        var first = await PipelineFixture.RequestDraftAsync(client, contentId);
        await PipelineFixture.JobReachesAsync(client, first, "succeeded");
        var second = await PipelineFixture.RequestDraftAsync(client, contentId);
        await PipelineFixture.JobReachesAsync(client, second, "succeeded");

        var drafts = await PipelineFixture.DraftsAsync(client, contentId);
        Assert.Equal(2, drafts.Length);
        Assert.All(drafts, d =>
        {
            PipelineFixture.AssertUsable(d);
            Assert.Equal("offline", d.GetProperty("provider").GetString());
            Assert.Equal("offline-deterministic-1", d.GetProperty("model").GetString());
            Assert.Contains("no model was called", d.GetProperty("body").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(drafts[0].GetProperty("body").GetString(), drafts[1].GetProperty("body").GetString());
    }

    [Fact]
    public async Task ItemDeletedWhileItsDraftWaits_TheJobFailsOnceWithTheReason_AndIsNeverRetried()
    {
        fx.Model.Answers();
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        (await client.DeleteAsync($"/v1/content/{contentId}")).EnsureSuccessStatusCode();
        var calls = fx.Model.RequestBodies.Count();

        await using var worker = await fx.StartWorkerAsync();
        var job = await PipelineFixture.JobReachesAsync(client, jobId, "failed");

        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Contains("does not exist", job.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(calls, fx.Model.RequestBodies.Count());
    }

    [Fact]
    public async Task DraftOfAnItemTheTenantDoesNotHave_IsA404ProblemAndNoJob()
    {
        var (client, _, _) = await fx.TenantWithItemAsync();
        var (_, othersItem, _) = await fx.TenantWithItemAsync();

        var response = await client.PostAsJsonAsync($"/v1/content/{othersItem}/drafts", new { });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/content/{othersItem}/drafts")).StatusCode);
    }

    [Fact]
    public async Task AnotherTenantsJob_IsNotFound()
    {
        var (owner, contentId, _) = await fx.TenantWithItemAsync();
        var (stranger, _, _) = await fx.TenantWithItemAsync();
        var jobId = await PipelineFixture.RequestDraftAsync(owner, contentId);

        var response = await stranger.GetAsync($"/v1/jobs/{jobId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("urn:serverless:problem:not-found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task OverlongInstructions_AreAValidationProblem()
    {
        var (client, contentId, _) = await fx.TenantWithItemAsync();

        var response = await client.PostAsJsonAsync($"/v1/content/{contentId}/drafts", new { instructions = new string('x', 2001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("instructions", out _));
    }
}
