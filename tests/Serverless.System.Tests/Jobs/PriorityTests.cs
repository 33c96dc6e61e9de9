using Npgsql;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Jobs;

public sealed class PriorityTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    private const int Backlog = 40;

    [Fact]
    public async Task HighPriorityJob_IsServedWhileTheLowQueueHoldsABacklog()
    {
        fx.Model.Answers(delay: TimeSpan.FromMilliseconds(150));
        // The free tier's drafts go to the low queue; the standard tier's to the high one.
        var (bulk, bulkItem, _) = await fx.TenantWithItemAsync("free");
        var (interactive, interactiveItem, _) = await fx.TenantWithItemAsync("standard");
        var backlog = new List<Guid>();
        for (var i = 0; i < Backlog; i++)
        {
            // Each its own request: the same request again would be a quick cache hit, not backlog.
            backlog.Add(await PipelineFixture.RequestDraftAsync(bulk, bulkItem, $"Variant {i}."));
        }
        await Eventually.Until(() => CountAsync("published_at IS NOT NULL AND priority = 'low'"), n => n == Backlog, "the backlog to reach the low queue");
        Assert.Equal("low", (await PipelineFixture.JobAsync(bulk, backlog[0])).GetProperty("priority").GetString());

        await using var worker = await fx.StartWorkerAsync(new() { ["Worker:HighConcurrency"] = "1", ["Worker:LowConcurrency"] = "1" });
        var urgent = await PipelineFixture.RequestDraftAsync(interactive, interactiveItem);
        var served = await PipelineFixture.JobReachesAsync(interactive, urgent, "succeeded");

        Assert.Equal("high", served.GetProperty("priority").GetString());
        Assert.True(await CountAsync("priority = 'low' AND status = 'succeeded'") < Backlog, "the high job waited for the whole backlog");
        // Bulk work still progresses alongside.
        await Eventually.Until(() => CountAsync("priority = 'low' AND status = 'succeeded'"), n => n >= 1, "low jobs to progress");
    }

    private async Task<int> CountAsync(string where)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var count = data.CreateCommand($"SELECT count(*)::int FROM jobs WHERE {where}");
        return (int)(await count.ExecuteScalarAsync())!;
    }
}
