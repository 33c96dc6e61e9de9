using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Review;

/// <summary>The queue: lowest confidence first, then oldest; claims keep two reviewers off one draft until they lapse.</summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewQueueTests(ReviewFixture api)
{
    [Fact]
    public async Task TheQueue_IsLowestConfidenceFirst_ThenOldest()
    {
        var (tenant, _) = await api.TenantAsync();
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id);
        var middleOld = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.5m);
        var high = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.9m);
        var low = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.2m);
        var middleNew = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.5m);

        var queue = await api.As(tenant.Tenant.Id, "reviewer").Queue();

        Assert.Equal([low, middleOld, middleNew, high], queue);
    }

    [Fact]
    public async Task AClaimedDraft_CannotBeClaimedOrActedOnByAnotherReviewer()
    {
        var (tenant, _) = await api.TenantAsync();
        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, (await api.Drafts.ContentAsync(tenant.Tenant.Id)).Id, 0.4m);
        var alice = api.As(tenant.Tenant.Id, "reviewer", "alice");
        var bob = api.As(tenant.Tenant.Id, "reviewer", "bob");

        var claimed = await alice.Claim(draft);

        Assert.Equal("user:alice", claimed.GetProperty("claimedBy").GetString());
        var problem = await (await bob.Act(draft, "claim")).AssertConflict("lease-conflict");
        Assert.Contains("user:alice", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await bob.Act(draft, "approve")).AssertConflict("lease-conflict");
        await (await bob.Act(draft, "reject", new { reason = "tone" })).AssertConflict("lease-conflict");
        Assert.Equal("in_review", (await alice.Item(draft)).Status());
    }

    [Fact]
    public async Task ActingWithoutAClaim_IsRefused()
    {
        var (tenant, _) = await api.TenantAsync();
        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, (await api.Drafts.ContentAsync(tenant.Tenant.Id)).Id, 0.4m);

        var response = await api.As(tenant.Tenant.Id, "reviewer").Act(draft, "approve");

        await response.AssertConflict("lease-conflict");
    }

    [Fact]
    public async Task AnAbandonedLease_Expires_AndTheDraftCanBeClaimedAgain()
    {
        var (tenant, _) = await api.TenantAsync();
        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, (await api.Drafts.ContentAsync(tenant.Tenant.Id)).Id, 0.4m);
        var alice = api.As(tenant.Tenant.Id, "reviewer", "alice");
        var bob = api.As(tenant.Tenant.Id, "reviewer", "bob");
        await alice.Claim(draft);
        api.Clock.Advance(TimeSpan.FromSeconds(ReviewFixture.LeaseSeconds - 1));
        await (await bob.Act(draft, "claim")).AssertConflict("lease-conflict");

        api.Clock.Advance(TimeSpan.FromSeconds(2));
        var taken = await bob.Claim(draft);

        Assert.Equal("user:bob", taken.GetProperty("claimedBy").GetString());
        await (await alice.Act(draft, "approve")).AssertConflict("lease-conflict");
        await (await bob.Act(draft, "approve")).AssertOk();
    }

    [Fact]
    public async Task ReleasingAClaim_FreesTheDraftAtOnce()
    {
        var (tenant, _) = await api.TenantAsync();
        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, (await api.Drafts.ContentAsync(tenant.Tenant.Id)).Id, 0.4m);
        var alice = api.As(tenant.Tenant.Id, "reviewer", "alice");
        await alice.Claim(draft);

        await (await alice.Act(draft, "release")).AssertOk();

        await api.As(tenant.Tenant.Id, "reviewer", "bob").Claim(draft);
    }

    [Fact]
    public async Task TheQueue_NeedsTheReviewRole_AndChecksItsFilters()
    {
        var (tenant, _) = await api.TenantAsync();

        await (await api.As(tenant.Tenant.Id, "viewer").GetAsync("/v1/review/items")).AssertProblem(HttpStatusCode.Forbidden);
        await (await api.Client().GetAsync("/v1/review/items")).AssertProblem(HttpStatusCode.Unauthorized);
        var bad = await api.As(tenant.Tenant.Id, "reviewer").GetAsync("/v1/review/items?status=lost&limit=0");

        var problem = await bad.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }
}
