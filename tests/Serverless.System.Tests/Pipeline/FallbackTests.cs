using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Pipeline;

/// <summary>Providers are a chain: when one fails, the next answers, and the draft says which one did.</summary>
public sealed class FallbackTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task FailingProvider_FallsBackToTheNextInTheChain()
    {
        fx.Model.Fails(502);
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        var callsBefore = fx.Model.Calls;
        await using var worker = await fx.StartWorkerAsync(new()
        {
            ["Llm:Providers:1:Name"] = "offline",
            ["Llm:Providers:1:Kind"] = "offline",
        });

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        var job = await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        var draft = Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
        Assert.Equal("offline", draft.GetProperty("provider").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        // The first provider was asked (and retried) before the chain moved on.
        Assert.Equal(2, fx.Model.Calls - callsBefore);
    }

    [Fact]
    public async Task RateLimitedCall_IsRetriedAfterTheServersRetryAfter()
    {
        fx.Model.AnswersInTurn(new ModelReply(429, """{"error":{"message":"slow down"}}""", TimeSpan.Zero) { RetryAfterSeconds = 1 }, ModelReply.Ok());
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        var callsBefore = fx.Model.Calls;
        await using var worker = await fx.StartWorkerAsync();

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        var job = await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Equal(2, fx.Model.Calls - callsBefore);
        Assert.Equal("fake", Assert.Single(await PipelineFixture.DraftsAsync(client, contentId)).GetProperty("provider").GetString());
    }
}
