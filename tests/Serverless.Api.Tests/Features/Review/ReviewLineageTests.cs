using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Review;

/// <summary>What a draft was made from stays visible: the draft it replaces, and the item's notes after publishing.</summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewLineageTests(ReviewFixture api)
{
    [Fact]
    public async Task ARegeneratedDraft_NamesTheDraftItReplaces_AndTheOldOneNamesIt()
    {
        var (tenant, _) = await api.TenantAsync();
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id);
        var old = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.4m);
        var reviewer = api.As(tenant.Tenant.Id, "reviewer");
        await reviewer.Claim(old);
        var setAside = await (await reviewer.Act(old, "regenerate", new { feedback = "Shorter, please." })).AssertOk();

        var replacement = await api.Drafts.DraftForJobAsync(
            tenant.Tenant.Id, item.Id, setAside.GetProperty("regenerationJobId").GetGuid(), 0.6m);

        Assert.Equal(old, (await reviewer.Item(replacement)).GetProperty("replacesDraftId").GetGuid());
        Assert.Equal(replacement, (await reviewer.Item(old)).GetProperty("replacedByDraftId").GetGuid());
        var row = (await (await reviewer.GetAsync("/v1/review/items")).AssertOk()).GetProperty("items")[0];
        Assert.Equal(old, row.GetProperty("replacesDraftId").GetGuid());
        Assert.True((await reviewer.Item(old)).Lacks("replacesDraftId"));
    }

    [Fact]
    public async Task AfterPublishing_TheSourceIsStillTheNotesTheDraftWasMadeFrom()
    {
        var (tenant, _) = await api.TenantAsync();
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id, "Launch notes", "Say when and where.");
        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.7m, "We launch on Friday", "Join us on Friday at ten in the main hall.");
        var editor = api.As(tenant.Tenant.Id, "editor", "erin");
        await editor.Claim(draft);
        await (await editor.Act(draft, "approve")).AssertOk();

        var published = await (await editor.Act(draft, "publish")).AssertOk();

        var source = published.GetProperty("source");
        Assert.Equal("Launch notes", source.GetProperty("title").GetString());
        Assert.Equal("Say when and where.", source.GetProperty("body").GetString());
        Assert.Equal("published", source.GetProperty("status").GetString());
        Assert.Equal(1, source.GetProperty("draftedFromVersion").GetInt32());
        Assert.Equal(2, source.GetProperty("currentVersion").GetInt32());
    }
}
