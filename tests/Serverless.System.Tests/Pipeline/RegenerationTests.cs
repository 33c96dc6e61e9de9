using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Pipeline;

/// <summary>A reviewer's "regenerate" goes through the same pipeline as a draft request, as promptly.</summary>
public sealed class RegenerationTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task Regenerate_PublishesItsJobBeforeAnswering_AndTheNewDraftArrives()
    {
        fx.Model.Answers();
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync();
        var first = await PipelineFixture.RequestDraftAsync(client, contentId);
        var draftId = (await PipelineFixture.JobReachesAsync(client, first, "succeeded")).GetProperty("result").GetProperty("draftId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/review/items/{draftId}/claim", null)).StatusCode);

        var response = await client.PostAsJsonAsync($"/v1/review/items/{draftId}/regenerate", new { feedback = "Shorter, please." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("regenerationJobId").GetGuid();
        // Sent to the queue in the request, as a draft request's job is: the relays keep off a new job for a
        // while (its lease), so one left to them waited 15 s before a worker could see it.
        Assert.True(await PublishedAsync(jobId), "the regeneration job was left in the outbox");
        await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");
        Assert.Equal(2, (await PipelineFixture.DraftsAsync(client, contentId)).Length);
    }

    private async Task<bool> PublishedAsync(Guid jobId)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand("SELECT published_at IS NOT NULL FROM jobs WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = jobId });
        return (bool)(await select.ExecuteScalarAsync())!;
    }
}
