using Serverless.Core.Jobs;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Jobs;

/// <summary>SQS delivers at least once; the idempotency store and the one-draft-per-job rule make the effect happen once.</summary>
public sealed class DuplicateDeliveryTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task JobDeliveredAgainAfterItCompleted_LeavesOneDraftAndCallsTheModelOnce()
    {
        fx.Model.Answers();
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync();
        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");
        var calls = fx.Model.Calls;
        var queue = await fx.QueueAsync(JobPriority.High);

        var body = await Envelopes.OfAsync(fx.Db.Database.Admin, jobId);
        await fx.Sqs.SendMessageAsync(queue.Url, body);
        await fx.Sqs.SendMessageAsync(queue.Url, body);
        await Eventually.Until(() => fx.MessagesInAsync(queue.Url), n => n == 0, "the copies to be consumed");

        Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
        Assert.Equal(calls, fx.Model.Calls);
        Assert.Equal(1, (await PipelineFixture.JobAsync(client, jobId)).GetProperty("attempts").GetInt32());
        Assert.Equal(0, await fx.MessagesInAsync(queue.DeadLetterUrl));
    }

    [Fact]
    public async Task TwoCopiesHandledAtTheSameTime_RunTheJobOnce()
    {
        // The model is slow enough that both copies are in flight together.
        fx.Model.Answers(delay: TimeSpan.FromMilliseconds(800));
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        await PipelineFixture.JobReachesAsync(client, jobId, "queued");
        var queue = await fx.QueueAsync(JobPriority.High);
        await fx.Sqs.SendMessageAsync(queue.Url, await Envelopes.OfAsync(fx.Db.Database.Admin, jobId));
        var calls = fx.Model.Calls;

        await using var worker = await fx.StartWorkerAsync(new() { ["Worker:BatchSize"] = "1", ["Worker:HighConcurrency"] = "2" });
        await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");
        await Eventually.Until(() => fx.MessagesInAsync(queue.Url), n => n == 0, "both copies to be consumed");

        Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
        Assert.Equal(calls + 1, fx.Model.Calls);
        Assert.Equal(1, (await PipelineFixture.JobAsync(client, jobId)).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task ACopyArrivingWhileTheJobStillRuns_WaitsForIt_WithoutSpendingDeliveries_AndNeverReachesTheDlq()
    {
        // The model takes longer than the copy's three deliveries (retried after 1-2 s each; the fourth receive
        // would move it to the DLQ), and this worker waits for it.
        fx.Model.Answers(delay: TimeSpan.FromSeconds(8));
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        await PipelineFixture.JobReachesAsync(client, jobId, "queued");
        var queue = await fx.QueueAsync(JobPriority.High);
        var calls = fx.Model.Calls;

        await using var worker = await fx.StartWorkerAsync(new()
        {
            ["Worker:BatchSize"] = "1", ["Worker:HighConcurrency"] = "2",
            ["Llm:AttemptTimeoutSeconds"] = "12", ["Llm:TotalTimeoutSeconds"] = "30", ["Llm:BreakerSamplingSeconds"] = "30",
        });
        await PipelineFixture.JobReachesAsync(client, jobId, "running");
        await fx.Sqs.SendMessageAsync(queue.Url, await Envelopes.OfAsync(fx.Db.Database.Admin, jobId));
        await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");
        await Eventually.Until(() => fx.MessagesInAsync(queue.Url), n => n == 0, "the copy to be consumed", 60);

        Assert.Equal(0, await fx.MessagesInAsync(queue.DeadLetterUrl));
        Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
        Assert.Equal(calls + 1, fx.Model.Calls);
    }
}
