using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Review;

/// <summary>A new draft is auto-approved only where the tenant allows it and the combined confidence reaches its threshold.</summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewIntakeTests(ReviewFixture api)
{
    [Fact]
    public async Task ADraftAtTheThreshold_OfATenantAllowingAutoApproval_IsApprovedWithoutAReviewer()
    {
        var (tenant, _) = await api.TenantAsync();
        await api.Drafts.SettingsAsync(tenant.Tenant.Id, """{"review": {"autoApprove": true, "threshold": 0.8}}""");
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id);

        var atThreshold = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.8m);
        var below = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.79m);

        var reviewer = api.As(tenant.Tenant.Id, "reviewer");
        var approved = await reviewer.Item(atThreshold);
        Assert.Equal("approved", approved.Status());
        Assert.True(approved.GetProperty("autoApproved").GetBoolean());
        Assert.Equal("auto_approved", approved.GetProperty("history")[0].GetProperty("action").GetString());
        Assert.Equal("in_review", (await reviewer.Item(below)).Status());
        Assert.Equal([below], await reviewer.Queue());
    }

    [Fact]
    public async Task WithoutTheTenantsConsent_EvenACertainDraftIsReviewed()
    {
        var (tenant, _) = await api.TenantAsync();
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id);

        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 1.0m);

        Assert.Equal("in_review", (await api.As(tenant.Tenant.Id, "reviewer").Item(draft)).Status());
    }

    [Fact]
    public async Task ABannedTerm_DropsConfidenceToZero_AndSaysWhich()
    {
        var (tenant, _) = await api.TenantAsync();
        await api.Drafts.SettingsAsync(tenant.Tenant.Id, """{"review": {"autoApprove": true, "threshold": 0.5, "bannedTerms": ["guaranteed"]}}""");
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id);

        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.99m, body: "Returns are Guaranteed, every single year, for every investor.");

        var review = await api.As(tenant.Tenant.Id, "reviewer").Item(draft);
        Assert.Equal("in_review", review.Status());
        Assert.Equal(0m, review.GetProperty("confidence").GetDecimal());
        Assert.Equal(["guaranteed"], review.GetProperty("signals").GetProperty("bannedTermsFound").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task ADraftOutsideTheLengthBounds_HasItsConfidenceHalved()
    {
        var (tenant, _) = await api.TenantAsync();
        await api.Drafts.SettingsAsync(tenant.Tenant.Id, """{"review": {"minLength": 100}}""");
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id);

        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.9m, body: "Too short.");

        var review = await api.As(tenant.Tenant.Id, "reviewer").Item(draft);
        Assert.Equal(0.45m, review.GetProperty("confidence").GetDecimal());
        Assert.False(review.GetProperty("signals").GetProperty("lengthWithinBounds").GetBoolean());
    }

    [Fact]
    public async Task TheItemView_ShowsTheSourceInputsBesideTheDraft()
    {
        var (tenant, _) = await api.TenantAsync();
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id, "Spring menu", "Three new dishes; launch on Friday.");

        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.6m, instructions: "Keep it under 200 words.");

        var review = await api.As(tenant.Tenant.Id, "reviewer").Item(draft);
        var source = review.GetProperty("source");
        Assert.Equal("Spring menu", source.GetProperty("title").GetString());
        Assert.Equal("Three new dishes; launch on Friday.", source.GetProperty("body").GetString());
        Assert.Equal("Keep it under 200 words.", source.GetProperty("instructions").GetString());
        Assert.Equal("A drafted title", review.GetProperty("draftTitle").GetString());
        Assert.Equal(1, review.GetProperty("promptVersion").GetInt32());
    }
}
