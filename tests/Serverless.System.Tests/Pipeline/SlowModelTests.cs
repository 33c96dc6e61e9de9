using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Pipeline;

public sealed class SlowModelTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task SlowModel_TimesOutIsRetriedAndTheDraftSucceeds()
    {
        // The first answer takes longer than the per-attempt timeout (2 s); the retry is answered at once.
        fx.Model.AnswersInTurn(ModelReply.Ok(delay: TimeSpan.FromSeconds(8)), ModelReply.Ok());
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync();

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        var job = await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        Assert.Equal(2, fx.Model.Calls);
        // Retried inside one delivery by the HTTP resilience pipeline: the job itself ran once.
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        PipelineFixture.AssertUsable(Assert.Single(await PipelineFixture.DraftsAsync(client, contentId)));
    }
}
