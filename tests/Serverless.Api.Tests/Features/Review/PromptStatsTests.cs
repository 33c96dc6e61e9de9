using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Review;

/// <summary>Per prompt version: acceptance rate, mean edit distance and the rejection reasons, from a known set of decisions.</summary>
[Collection(ReviewCollection.Name)]
public sealed class PromptStatsTests(ReviewFixture api)
{
    private const string Body = "one two three four five six seven eight nine";

    [Fact]
    public async Task Stats_OnAKnownSetOfDecisions()
    {
        var (tenant, _) = await api.TenantAsync();
        var t = tenant.Tenant.Id;
        await api.Drafts.SettingsAsync(t, """{"review": {"autoApprove": true, "threshold": 0.95}}""");
        var content = (await api.Drafts.ContentAsync(t)).Id;
        var editor = api.As(t, "editor");
        async Task<Guid> Claimed()
        {
            var id = await api.Drafts.DraftAsync(t, content, 0.5m, "Title", Body);
            await editor.Claim(id);
            return id;
        }

        // 1: auto-approved and published untouched (distance 0).
        var auto = await api.Drafts.DraftAsync(t, content, 0.99m, "Title", Body);
        await (await editor.Act(auto, "publish")).AssertOk();
        // 2: one word of ten changed, then published (distance 0.1).
        var edited = await Claimed();
        await (await editor.Act(edited, "approve", new { body = "one two three four five six seven eight NINE" })).AssertOk();
        await (await editor.Act(edited, "publish")).AssertOk();
        // 3: five words of ten changed, approved but not published (distance 0.5).
        var heavy = await Claimed();
        await (await editor.Act(heavy, "approve", new { body = "one two three four a b c d e" })).AssertOk();
        // 4, 5, 6: rejected twice as inaccurate (one then regenerated), once for tone.
        foreach (var reason in new[] { "inaccurate", "inaccurate", "tone" })
        {
            var id = await Claimed();
            await (await editor.Act(id, "reject", new { reason })).AssertOk();
            if (reason == "tone")
            {
                await (await editor.Act(id, "regenerate", new { feedback = "Friendlier." })).AssertOk();
            }
        }
        // 7: still waiting.
        await api.Drafts.DraftAsync(t, content, 0.3m);

        var stats = await (await editor.GetAsync("/v1/prompts/content.draft/versions/1/stats")).AssertOk();

        Assert.Equal(7, stats.GetProperty("drafts").GetInt32());
        Assert.Equal(1, stats.GetProperty("inReview").GetInt32());
        Assert.Equal(6, stats.GetProperty("decided").GetInt32());
        Assert.Equal(3, stats.GetProperty("accepted").GetInt32());
        Assert.Equal(1, stats.GetProperty("autoApproved").GetInt32());
        Assert.Equal(2, stats.GetProperty("edited").GetInt32());
        Assert.Equal(3, stats.GetProperty("rejected").GetInt32());
        Assert.Equal(1, stats.GetProperty("regenerationRequested").GetInt32());
        Assert.Equal(2, stats.GetProperty("published").GetInt32());
        Assert.Equal(0.5m, stats.GetProperty("acceptanceRate").GetDecimal());
        Assert.Equal(0.05m, stats.GetProperty("meanEditDistance").GetDecimal());
        Assert.Equal(0.2m, stats.GetProperty("meanEditDistanceAccepted").GetDecimal());
        var reasons = stats.GetProperty("rejectionReasons");
        Assert.Equal(2, reasons.GetProperty("inaccurate").GetInt32());
        Assert.Equal(1, reasons.GetProperty("tone").GetInt32());
    }

    [Fact]
    public async Task Stats_OfAPromptVersionWithNoDrafts_AreEmpty_AndOfAnUnknownVersion_NotFound()
    {
        var (tenant, _) = await api.TenantAsync();
        var reviewer = api.As(tenant.Tenant.Id, "reviewer");

        var empty = await (await reviewer.GetAsync("/v1/prompts/content.draft/versions/1/stats")).AssertOk();
        var unknown = await reviewer.GetAsync("/v1/prompts/content.draft/versions/99/stats");

        Assert.Equal(0, empty.GetProperty("drafts").GetInt32());
        Assert.True(empty.Lacks("acceptanceRate"));
        await unknown.AssertProblem(HttpStatusCode.NotFound);
        await (await api.As(tenant.Tenant.Id, "viewer").GetAsync("/v1/prompts/content.draft/versions/1/stats")).AssertProblem(HttpStatusCode.Forbidden);
    }
}
