using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Review;

/// <summary>Every review change leaves an audit row with the person who made it and the request id.</summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewAuditTests(ReviewFixture api)
{
    [Fact]
    public async Task EveryReviewChange_IsAudited_WithTheReviewerAndRequestId()
    {
        var (tenant, _) = await api.TenantAsync();
        var content = await api.Drafts.ContentAsync(tenant.Tenant.Id);
        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, content.Id, 0.5m);
        var editor = api.As(tenant.Tenant.Id, "editor", "erin");
        await editor.Claim(draft);
        using (var approve = new HttpRequestMessage(HttpMethod.Post, $"/v1/review/items/{draft}/approve") { Content = System.Net.Http.Json.JsonContent.Create(new { body = "Edited body text that is long enough." }) })
        {
            approve.Headers.Add("x-request-id", "req-approve-1");
            await (await editor.SendAsync(approve)).AssertOk();
        }
        await (await editor.Act(draft, "publish")).AssertOk();
        var admin = api.As(tenant.Tenant.Id, "admin");

        var page = await (await admin.GetAsync($"/v1/audit?entityId={draft}")).AssertOk();

        var entries = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            ["review.published", "review.approved", "review.updated", "review.created"],
            entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries.Take(3), e => Assert.Equal("user:erin", e.GetProperty("actor").GetString()));
        Assert.Equal("req-approve-1", entries[1].GetProperty("requestId").GetString());
        Assert.Equal(entries[2].GetProperty("afterHash").GetString(), entries[1].GetProperty("beforeHash").GetString());
        var events = await (await admin.GetAsync("/v1/audit?entityType=review_event")).AssertOk();
        Assert.Equal(2, events.GetProperty("items").GetArrayLength());
        var published = await (await admin.GetAsync($"/v1/audit?entityId={content.Id}&action=content.published")).AssertOk();
        Assert.Equal("user:erin", Assert.Single(published.GetProperty("items").EnumerateArray()).GetProperty("actor").GetString());
    }

    [Fact]
    public async Task RejectionAndRegeneration_AreAudited()
    {
        var (tenant, _) = await api.TenantAsync();
        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, (await api.Drafts.ContentAsync(tenant.Tenant.Id)).Id, 0.5m);
        var reviewer = api.As(tenant.Tenant.Id, "reviewer", "rita");
        await reviewer.Claim(draft);
        await (await reviewer.Act(draft, "reject", new { reason = "off_brief" })).AssertOk();
        await (await reviewer.Act(draft, "regenerate", new { feedback = "Stick to the brief." })).AssertOk();

        var page = await (await api.As(tenant.Tenant.Id, "admin").GetAsync($"/v1/audit?entityId={draft}")).AssertOk();

        Assert.Equal(
            ["review.regeneration_requested", "review.rejected", "review.updated", "review.created"],
            page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }
}
