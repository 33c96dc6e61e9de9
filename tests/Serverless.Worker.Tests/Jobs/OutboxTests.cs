using Npgsql;
using Serverless.Worker.Tests.Support;

namespace Serverless.Worker.Tests.Jobs;

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

    private async Task<int> PublishAttemptsAsync(Guid jobId)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand("SELECT publish_attempts FROM jobs WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = jobId });
        return (int)(await select.ExecuteScalarAsync())!;
    }
}
