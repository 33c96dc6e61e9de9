using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Serverless.Core.Jobs;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Jobs;

/// <summary>One tenant's flood of draft requests must not starve another tenant, nor hold more model calls than its cap.</summary>
public sealed class NoisyNeighbourTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    private const int Flood = 200;
    private const int Few = 5;
    private const int Cap = 2;

    [Fact]
    public async Task ATenantsFiveJobs_FinishBeforeHalfOfAnotherTenantsTwoHundred_AndTheFloodNeverExceedsItsCap()
    {
        fx.Model.Answers(delay: TimeSpan.FromMilliseconds(100)).CountsInFlightBy(body => body.Contains("Flooding tenant", StringComparison.Ordinal) ? "A" : "B");
        var (a, aItem) = await TenantWithItemAsync("Flooding tenant's item");
        var (b, bItem) = await TenantWithItemAsync("Quiet tenant's item");

        // A's two hundred are all in the queue ahead of B's five before any worker runs: the worst case for B.
        var flood = await RequestManyAsync(a, aItem, Flood);
        var few = await RequestManyAsync(b, bItem, Few);
        await Eventually.Until(() => CountAsync("published_at IS NOT NULL"), n => n == Flood + Few, "every job to reach the queue");

        await using (await fx.StartWorkerAsync(new()
        {
            ["Fairness:ModelCalls:standard"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Fairness:RequeueSeconds"] = "0.5",
            ["Worker:HighConcurrency"] = "4",
            // The flood is one request two hundred times: with the exact cache on, all but the first would be
            // hits that make no model call, and this test is about model calls.
            ["Llm:ExactCache:Enabled"] = "false",
        }))
        {
            foreach (var job in few)
            {
                await PipelineFixture.JobReachesAsync(b, job, "succeeded", timeoutSeconds: 120);
            }
            await Eventually.Until(() => CountAsync("status = 'succeeded'"), n => n == Flood + Few, "the flood to drain", timeoutSeconds: 240);
        }

        // Ranks, not timings: every one of B's jobs completed before the median of A's.
        var order = await CompletionOrderAsync();
        var aMedianRank = order.Select((id, rank) => (id, rank)).Where(x => flood.Contains(x.id)).Select(x => x.rank).Order().ElementAt(Flood / 2);
        Assert.All(few, job => Assert.True(order.IndexOf(job) < aMedianRank, $"B's job finished at rank {order.IndexOf(job)}, after half of A's (rank {aMedianRank})"));
        Assert.InRange(fx.Model.PeakInFlight("A"), 1, Cap);
        // Being turned away is not an attempt: nothing was retried, nothing reached the dead-letter queue.
        Assert.Equal(0, await CountAsync("attempts <> 1"));
        var queue = await fx.QueueAsync(JobPriority.High);
        Assert.Equal(0, await fx.MessagesInAsync(queue.DeadLetterUrl));
    }

    private async Task<(HttpClient Client, Guid ItemId)> TenantWithItemAsync(string title)
    {
        var tenant = await fx.Db.Seeder.Tenants.CreateAsync($"n-{Guid.NewGuid():N}"[..20], title, "standard", CancellationToken.None);
        var (_, key) = await fx.Db.Seeder.Keys.IssueAsync(tenant.Id, "test", CancellationToken.None);
        var client = fx.Client(key);
        var created = await client.PostAsJsonAsync("/v1/content", new
        {
            type = "article", slug = $"item-{Guid.NewGuid():N}"[..17], locale = "en", status = "draft",
            title, body = "Notes for the draft.", attributes = new { },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (client, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    private static async Task<List<Guid>> RequestManyAsync(HttpClient client, Guid item, int count)
    {
        var jobs = new List<Guid>();
        // In order, a few at a time: the queue holds them roughly in request order.
        foreach (var chunk in Enumerable.Range(0, count).Chunk(8))
        {
            jobs.AddRange(await Task.WhenAll(chunk.Select(_ => PipelineFixture.RequestDraftAsync(client, item))));
        }
        return jobs;
    }

    private async Task<List<Guid>> CompletionOrderAsync()
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand("SELECT id FROM jobs WHERE status = 'succeeded' ORDER BY completed_at, id");
        var ids = new List<Guid>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }

    private async Task<int> CountAsync(string where)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var count = data.CreateCommand($"SELECT count(*)::int FROM jobs WHERE {where}");
        return (int)(await count.ExecuteScalarAsync())!;
    }
}
