using System.Text.Json;
using Serverless.Core.Jobs;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Pipeline;

/// <summary>
/// A model outage that outlasts the queue's allowed deliveries: the job handler defers a job that failed only
/// on the open circuit as a new message (a fresh receive count), so the job outlives the outage instead of
/// landing in the dead-letter queue. The strict queues here (three deliveries, three attempts) would dead-letter
/// the job on its third delivery if deferrals counted.
/// </summary>
public sealed class OpenCircuitDeferralTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    private const int MaxDeliveries = 3; // PipelineFixture: Queues:MaxReceiveCount and Worker:MaxAttempts

    [Fact]
    public async Task JobMeetingAnOpenCircuit_IsDeferredPastTheDeliveryLimit_NeverDeadLettered_AndSucceedsOnceTheModelRecovers()
    {
        fx.Model.Fails(503);
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        // The breaker opens after two failed calls (Llm:BreakerMinimumThroughput) and stays open 3 s.
        await using var worker = await fx.StartWorkerAsync();
        var queue = await fx.QueueAsync(JobPriority.High);

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);

        // The worker picks the job up more often than the queue allows deliveries of one message, each time
        // refused by the open circuit; the job is never failed for it. (Were deferrals counted, the third
        // delivery would end it as failed and the wait below would stop there.)
        var outlived = await Eventually.Until(
            () => PipelineFixture.JobAsync(client, jobId),
            j => Status(j) == "failed"
                || (Status(j) == "retrying" && j.GetProperty("attempts").GetInt32() > MaxDeliveries && LastError(j).StartsWith("deferred:", StringComparison.Ordinal)),
            $"the job to be picked up more than {MaxDeliveries} times, deferred on the open circuit", timeoutSeconds: 90);
        Assert.NotEqual("failed", Status(outlived));
        Assert.Contains("circuit", LastError(outlived), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await PipelineFixture.DraftsAsync(client, contentId));

        fx.Model.Answers();

        var done = await PipelineFixture.JobReachesAsync(client, jobId, "succeeded", timeoutSeconds: 90);
        Assert.True(done.GetProperty("attempts").GetInt32() > MaxDeliveries);
        var draft = Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
        PipelineFixture.AssertUsable(draft);
        Assert.Equal(0, await fx.MessagesInAsync(queue.DeadLetterUrl));
    }

    private static string? Status(JsonElement job) => job.GetProperty("status").GetString();

    private static string LastError(JsonElement job) =>
        job.TryGetProperty("lastError", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
}
