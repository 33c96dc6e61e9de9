using Serverless.Core.Prompts;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Pipeline;

/// <summary>Prompt versions are immutable rows; a tenant follows the latest or pins one, and each draft records which.</summary>
public sealed class PromptVersioningTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task TenantFollowsTheLatestPromptVersion_UnlessItPinsOne()
    {
        fx.Model.Answers();
        var (follower, followerItem, _) = await fx.TenantWithItemAsync();
        var (pinned, pinnedItem, pinnedTenant) = await fx.TenantWithItemAsync();
        await new PromptStore(fx.Db.App).PinAsync(pinnedTenant, "content.draft", 1, CancellationToken.None);
        await using (var admin = Npgsql.NpgsqlDataSource.Create(fx.Db.Database.Admin))
        {
            await PromptStore.AddVersionAsync(admin, "content.draft", "You write drafts. Answer in JSON.",
                "Draft this {{type}} titled {{title}} ({{locale}}): {{body}} / {{instructions}}", "small",
                """{"type":"object","required":["title","body","confidence"],"properties":{"title":{"type":"string"},"body":{"type":"string"},"confidence":{"type":"number"}}}""",
                CancellationToken.None);
        }
        await using var worker = await fx.StartWorkerAsync();

        await PipelineFixture.JobReachesAsync(follower, await PipelineFixture.RequestDraftAsync(follower, followerItem), "succeeded");
        await PipelineFixture.JobReachesAsync(pinned, await PipelineFixture.RequestDraftAsync(pinned, pinnedItem), "succeeded");

        Assert.Equal(2, Assert.Single(await PipelineFixture.DraftsAsync(follower, followerItem)).GetProperty("promptVersion").GetInt32());
        Assert.Equal(1, Assert.Single(await PipelineFixture.DraftsAsync(pinned, pinnedItem)).GetProperty("promptVersion").GetInt32());
    }
}
