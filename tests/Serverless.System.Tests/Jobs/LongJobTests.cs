using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Jobs;

public sealed class LongJobTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task JobSlowerThanTheVisibilityTimeout_IsKeptHiddenByItsHeartbeat_AndRunsOnce()
    {
        // The model takes 10 s; the queue hides a message for 6 s. Without the heartbeat a second delivery
        // would take over the lapsed claim and call the model again.
        fx.Model.Answers(delay: TimeSpan.FromSeconds(10));
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync(new()
        {
            ["Llm:AttemptTimeoutSeconds"] = "30", ["Llm:TotalTimeoutSeconds"] = "60", ["Llm:BreakerSamplingSeconds"] = "60",
        });

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        var job = await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Equal(1, fx.Model.Calls);
        Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
    }
}
