using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Jobs;

public sealed class WorkerStopTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task WorkerStoppedMidJob_TheJobCompletesExactlyOnceAfterTheVisibilityTimeout()
    {
        // The first call hangs (the worker will be stopped during it); the next one answers at once.
        fx.Model.AnswersInTurn(ModelReply.Ok(delay: TimeSpan.FromSeconds(30)), ModelReply.Ok());
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        var first = await fx.StartWorkerAsync(new()
        {
            ["Llm:AttemptTimeoutSeconds"] = "60", ["Llm:TotalTimeoutSeconds"] = "120", ["Llm:BreakerSamplingSeconds"] = "120",
        });

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        await Eventually.Until(() => Task.FromResult(fx.Model.Calls), n => n == 1, "the first worker to call the model");
        await PipelineFixture.JobReachesAsync(client, jobId, "running");
        await first.DisposeAsync();

        await using var second = await fx.StartWorkerAsync();
        var job = await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
        Assert.Equal(2, fx.Model.Calls);
    }
}
