using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Review;

/// <summary>A reviewer of tenant B cannot list, claim, see, act on, audit or measure anything of tenant A.</summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewTenantIsolationTests(ReviewFixture api)
{
    [Fact]
    public async Task TenantB_SeesAndTouchesNoneOfTenantAsReview()
    {
        var (a, _) = await api.TenantAsync();
        var (b, _) = await api.TenantAsync();
        var content = await api.Drafts.ContentAsync(a.Tenant.Id);
        var waiting = await api.Drafts.DraftAsync(a.Tenant.Id, content.Id, 0.4m);
        var approved = await api.Drafts.DraftAsync(a.Tenant.Id, content.Id, 0.5m);
        var editorOfA = api.As(a.Tenant.Id, "editor");
        await editorOfA.Claim(approved);
        await (await editorOfA.Act(approved, "approve")).AssertOk();
        var adminOfB = api.As(b.Tenant.Id, "admin", "mallory");
        await api.Drafts.DraftAsync(b.Tenant.Id, (await api.Drafts.ContentAsync(b.Tenant.Id)).Id, 0.4m);

        foreach (var status in new[] { "in_review", "approved" })
        {
            var queue = await adminOfB.Queue(status);
            Assert.DoesNotContain(waiting, queue);
            Assert.DoesNotContain(approved, queue);
        }
        await (await adminOfB.GetAsync($"/v1/review/items/{waiting}")).AssertProblem(HttpStatusCode.NotFound);
        foreach (var (draft, action, body) in new (Guid, string, object?)[]
        {
            (waiting, "claim", null), (waiting, "release", null), (waiting, "approve", null),
            (waiting, "reject", new { reason = "other" }), (waiting, "regenerate", new { feedback = "x" }),
            (approved, "publish", null),
        })
        {
            await (await adminOfB.Act(draft, action, body)).AssertProblem(HttpStatusCode.NotFound);
        }
        var audit = await (await adminOfB.GetAsync($"/v1/audit?entityId={waiting}")).AssertOk();
        Assert.Empty(audit.GetProperty("items").EnumerateArray());
        var reviewAudit = await (await adminOfB.GetAsync("/v1/audit?entityType=review")).AssertOk();
        Assert.All(reviewAudit.GetProperty("items").EnumerateArray(), e => Assert.NotEqual(waiting, e.GetProperty("entityId").GetGuid()));
        var stats = await (await adminOfB.GetAsync("/v1/prompts/content.draft/versions/1/stats")).AssertOk();
        Assert.Equal(1, stats.GetProperty("drafts").GetInt32());

        // Nothing of A's moved.
        var stillWaiting = await editorOfA.Item(waiting);
        Assert.Equal("in_review", stillWaiting.Status());
        Assert.True(stillWaiting.Lacks("claimedBy"));
        Assert.Equal("approved", (await editorOfA.Item(approved)).Status());
    }
}
