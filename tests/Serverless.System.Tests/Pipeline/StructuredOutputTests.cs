using Npgsql;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Pipeline;

/// <summary>Output is checked against the prompt version's JSON schema: one repair attempt, then a failed draft with the reason.</summary>
public sealed class StructuredOutputTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    private const string MissingBody = """{"title":"Only a title","confidence":0.7}""";

    [Fact]
    public async Task InvalidOutput_IsRepairedOnceQuotingTheErrors()
    {
        fx.Model.AnswersInTurn(ModelReply.Ok(MissingBody), ModelReply.Ok());
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync();

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        var draft = Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
        PipelineFixture.AssertUsable(draft);
        Assert.True(draft.GetProperty("repaired").GetBoolean());
        // Each call is its own budget row (one usage id each): a shared id would make the repair a replay, uncounted.
        Assert.Equal(2L, await SettledCallsAsync(tenantId));
        // A repaired answer is trusted less than a first-time one.
        Assert.Equal(0.72m, draft.GetProperty("confidence").GetDecimal());
        Assert.Equal(240, draft.GetProperty("inputTokens").GetInt32());
        var repair = fx.Model.RequestBodies.Last();
        Assert.Contains("does not match the required JSON schema", repair, StringComparison.Ordinal);
        Assert.Contains("body", repair, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutputStillInvalidAfterTheRepair_FailsTheDraftWithTheReason_WithoutRetrying()
    {
        fx.Model.Answers("this is not json at all");
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync();
        var callsBefore = fx.Model.Calls;

        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        var job = await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");

        var draft = Assert.Single(await PipelineFixture.DraftsAsync(client, contentId));
        Assert.Equal("failed", draft.GetProperty("status").GetString());
        Assert.Contains("did not match the schema after one repair attempt", draft.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.Contains("not JSON", draft.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Equal(2, fx.Model.Calls - callsBefore);
    }

    private async Task<long> SettledCallsAsync(Guid tenantId)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var count = data.CreateCommand("SELECT count(*) FROM llm_usage WHERE tenant_id = $1 AND state = 'settled'");
        count.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
