using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serverless.Lambda.Runtime;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Jobs;

/// <summary>The job is committed with the request, so SQS being down costs latency, never the job.</summary>
public sealed class OutboxTests(UnreachableSqsFixture fx) : IClassFixture<UnreachableSqsFixture>
{
    [Fact]
    public async Task SqsUnreachableWhenTheRequestArrives_StillAccepted_AndTheOutboxDeliversOnceSqsIsBack()
    {
        fx.Model.Answers();
        var (client, contentId, _) = await fx.TenantWithItemAsync();

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);

        // The API's relay tried and failed; the job waits in the outbox.
        await Eventually.Until(() => PublishAttemptsAsync(jobId), n => n >= 1, "the API's relay to try SQS");
        var waiting = await PipelineFixture.JobAsync(client, jobId);
        Assert.Equal("pending", waiting.GetProperty("status").GetString());
        Assert.True(!waiting.TryGetProperty("publishedAt", out var published) || published.ValueKind == System.Text.Json.JsonValueKind.Null);

        // SQS is reachable again (this relay runs in a worker pointed at the emulator).
        await using var worker = await fx.StartWorkerAsync();
        var done = await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        Assert.Equal(System.Text.Json.JsonValueKind.String, done.GetProperty("publishedAt").ValueKind);
        Assert.Equal(1, done.GetProperty("attempts").GetInt32());
        Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
    }

    [Fact]
    public async Task OnLambda_AScheduledEvent_RunsTheRelay_SoTheJobStillReachesItsQueue()
    {
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        await Eventually.Until(() => PublishAttemptsAsync(jobId), n => n >= 1, "the API's relay to try SQS");
        using var worker = fx.BuildWorker(new() { ["Lambda:RuntimeApi"] = "127.0.0.1:9" });
        var handler = worker.Services.GetRequiredService<ILambdaHandler>();
        var scheduled = """{"version":"0","id":"e1","detail-type":"Scheduled Event","source":"aws.events","account":"000000000000","time":"2026-11-26T00:00:00Z","region":"us-east-1","resources":[],"detail":{}}"""u8.ToArray();

        // The API's own relay keeps failing meanwhile and may hold the row for a moment: invoke until it is sent.
        await Eventually.Until(async () =>
        {
            await handler.HandleAsync(
                new LambdaInvocation(new LambdaInvocationContext("req", DateTimeOffset.UtcNow.AddMinutes(1), null, null), scheduled), CancellationToken.None);
            return (await PipelineFixture.JobAsync(client, jobId)).GetProperty("status").GetString();
        }, status => status == "queued", "a scheduled invocation to publish the job");

        var queue = await fx.QueueAsync(Serverless.Core.Jobs.JobPriority.High);
        Assert.True(await fx.MessagesInAsync(queue.Url) >= 1);
    }

    private async Task<int> PublishAttemptsAsync(Guid jobId)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand("SELECT publish_attempts FROM jobs WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = jobId });
        return (int)(await select.ExecuteScalarAsync())!;
    }
}
