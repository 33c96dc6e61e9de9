using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Platform.Caching;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Review;

/// <summary>
/// Every action and every transition, the refused ones included: in_review → approved → published;
/// in_review → rejected; in_review or rejected → regeneration_requested.
/// </summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewTransitionTests(ReviewFixture api)
{
    private async Task<(Guid Tenant, Guid Content, Guid Draft, HttpClient Reviewer)> ClaimedDraftAsync(string role = "editor")
    {
        var (tenant, _) = await api.TenantAsync();
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id);
        var draft = await api.Drafts.DraftAsync(
            tenant.Tenant.Id, item.Id, 0.6m, "Opening hours", "We open at nine every day and close at six on weekdays.");
        var reviewer = api.As(tenant.Tenant.Id, role);
        await reviewer.Claim(draft);
        return (tenant.Tenant.Id, item.Id, draft, reviewer);
    }

    [Fact]
    public async Task Approve_ApprovesTheDraftAsWritten_AndFreesTheLease()
    {
        var (_, _, draft, reviewer) = await ClaimedDraftAsync();

        var approved = await (await reviewer.Act(draft, "approve")).AssertOk();

        Assert.Equal("approved", approved.Status());
        Assert.Equal("Opening hours", approved.GetProperty("finalTitle").GetString());
        Assert.True(approved.Lacks("claimedBy"));
        Assert.True(approved.Lacks("edit"));
        Assert.Equal("approved", approved.GetProperty("history")[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task ApprovingTwice_IsAConflict()
    {
        var (_, _, draft, reviewer) = await ClaimedDraftAsync();
        await (await reviewer.Act(draft, "approve")).AssertOk();

        var again = await reviewer.Act(draft, "approve");

        var problem = await again.AssertConflict("illegal-transition");
        Assert.Contains("already approved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditThenApprove_StoresTheDiffAndTheEditDistance()
    {
        var (_, _, draft, reviewer) = await ClaimedDraftAsync();

        var approved = await (await reviewer.Act(draft, "approve", new
        {
            title = "Opening hours",
            body = "We open at ten every day and close at six on weekdays.",
        })).AssertOk();

        Assert.Equal("We open at ten every day and close at six on weekdays.", approved.GetProperty("finalBody").GetString());
        var edit = approved.GetProperty("edit");
        var body = edit.GetProperty("body").EnumerateArray().Select(s => (s.GetProperty("op").GetString(), s.GetProperty("text").GetString())).ToList();
        Assert.Contains(("delete", "nine"), body);
        Assert.Contains(("insert", "ten"), body);
        // One word of fourteen (title and body together) changed.
        Assert.Equal(0.0714m, edit.GetProperty("editDistance").GetDecimal());
        Assert.Equal("edited", approved.GetProperty("history")[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task AnInvalidEdit_IsAValidationProblem()
    {
        var (_, _, draft, reviewer) = await ClaimedDraftAsync();

        var response = await reviewer.Act(draft, "approve", new { title = new string('x', 201), body = " " });

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task Reject_KeepsTheReasonAndComment_AndARejectedDraftCanNeitherBeApprovedNorPublished()
    {
        var (_, _, draft, reviewer) = await ClaimedDraftAsync();

        var rejected = await (await reviewer.Act(draft, "reject", new { reason = "inaccurate", comment = "We open at ten." })).AssertOk();

        Assert.Equal("rejected", rejected.Status());
        Assert.Equal("inaccurate", rejected.GetProperty("reasonCategory").GetString());
        Assert.Equal("We open at ten.", rejected.GetProperty("comment").GetString());
        await (await reviewer.Act(draft, "publish")).AssertConflict("illegal-transition");
        await (await reviewer.Act(draft, "approve")).AssertConflict("illegal-transition");
        await (await reviewer.Act(draft, "claim")).AssertConflict("illegal-transition");
    }

    [Fact]
    public async Task Reject_NeedsAKnownReason()
    {
        var (_, _, draft, reviewer) = await ClaimedDraftAsync();

        var response = await reviewer.Act(draft, "reject", new { reason = "meh" });

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task Regenerate_QueuesANewDraftingJob_WhosePromptCarriesTheFeedback()
    {
        var (_, content, draft, reviewer) = await ClaimedDraftAsync();

        var set = await (await reviewer.Act(draft, "regenerate", new { feedback = "Mention the Sunday hours." })).AssertOk();

        Assert.Equal("regeneration_requested", set.Status());
        var job = set.GetProperty("regenerationJobId").GetGuid();
        var instructions = await api.Drafts.ScalarAsync<string>("SELECT payload->>'instructions' FROM jobs WHERE id = $1", job);
        Assert.Contains("Mention the Sunday hours.", instructions, StringComparison.Ordinal);
        Assert.Equal(content.ToString(), await api.Drafts.ScalarAsync<string>("SELECT payload->>'contentId' FROM jobs WHERE id = $1", job));
        Assert.Equal("content.draft", await api.Drafts.ScalarAsync<string>("SELECT type FROM jobs WHERE id = $1", job));
        await (await reviewer.Act(draft, "regenerate", new { feedback = "Again." })).AssertConflict("illegal-transition");
    }

    [Fact]
    public async Task ARejectedDraft_CanBeRegenerated_AndTheRejectionTravelsWithTheFeedback()
    {
        var (_, _, draft, reviewer) = await ClaimedDraftAsync();
        await (await reviewer.Act(draft, "reject", new { reason = "tone", comment = "Too stiff." })).AssertOk();

        var set = await (await reviewer.Act(draft, "regenerate", new { feedback = "Warmer, please." })).AssertOk();

        var instructions = await api.Drafts.ScalarAsync<string>("SELECT payload->>'instructions' FROM jobs WHERE id = $1", set.GetProperty("regenerationJobId").GetGuid());
        Assert.Contains("Warmer, please.", instructions, StringComparison.Ordinal);
        Assert.Contains("'tone': Too stiff.", instructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_MakesTheApprovedTextTheContentsPublicVersion_WithANewRevision()
    {
        var (_, content, draft, editor) = await ClaimedDraftAsync();
        await (await editor.Act(draft, "approve", new { body = "We open at ten every day." })).AssertOk();

        var published = await (await editor.Act(draft, "publish")).AssertOk();

        Assert.Equal("published", published.Status());
        Assert.Equal(2, published.GetProperty("publishedVersion").GetInt32());
        var item = await (await editor.GetAsync($"/v1/content/{content}")).AssertOk();
        Assert.Equal("published", item.GetProperty("status").GetString());
        Assert.Equal("Opening hours", item.GetProperty("title").GetString());
        Assert.Equal("We open at ten every day.", item.GetProperty("body").GetString());
        Assert.Equal(2, item.Version());
        // History is read from the replica: let it catch up with the publish.
        await api.Db.Database.WaitForReplicaAsync();
        var revisions = await (await editor.GetAsync($"/v1/content/{content}/revisions")).AssertOk();
        Assert.Contains(revisions.GetProperty("items").EnumerateArray(), r => r.GetProperty("version").GetInt32() == 2 && r.GetProperty("status").GetString() == "published");
        await (await editor.Act(draft, "publish")).AssertConflict("illegal-transition");
    }

    [Fact]
    public async Task Publish_IsServedPubliclyAtOnce_EvenAfterThePublicCacheHeldTheOldVersion()
    {
        var (tenant, _) = await api.TenantAsync();
        var editor = api.As(tenant.Tenant.Id, "editor");
        var item = await (await editor.PostJson("/v1/content", ContentApi.NewItem(status: "published", title: "Old title"))).AssertOk(HttpStatusCode.Created);
        var path = $"/public/{tenant.Tenant.Slug}/article/{item.GetProperty("slug").GetString()}";
        await api.Db.Database.WaitForReplicaAsync();
        var before = await api.Client().GetAsync(path);
        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, Guid.Parse(item.Id()), 0.6m, "New title", "A new body for the public.");
        await editor.Claim(draft);
        await (await editor.Act(draft, "approve")).AssertOk();

        await (await editor.Act(draft, "publish")).AssertOk();

        var after = await (await api.Client().GetAsync(path)).AssertOk();
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal("New title", after.GetProperty("title").GetString());
        var cdn = api.Services.GetRequiredService<RecordingCdnInvalidator>().Requests;
        Assert.Contains(cdn, r => r.Paths.Contains($"/public/{tenant.Tenant.Slug}/article/{item.GetProperty("slug").GetString()}*"));
    }

    [Fact]
    public async Task OnlyApprovedDrafts_CanBePublished()
    {
        var (_, _, draft, editor) = await ClaimedDraftAsync();

        var response = await editor.Act(draft, "publish");

        var problem = await response.AssertConflict("illegal-transition");
        Assert.Contains("in_review", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADraftOfAnArchivedItem_CannotBePublished()
    {
        var (_, content, draft, editor) = await ClaimedDraftAsync();
        await (await editor.Act(draft, "approve")).AssertOk();
        await (await editor.PostAsync($"/v1/content/{content}/archive", null)).AssertOk();

        var response = await editor.Act(draft, "publish");

        await response.AssertConflict("illegal-transition");
        Assert.Equal("approved", (await editor.Item(draft)).Status());
    }

    [Fact]
    public async Task AReviewer_MayApproveButNotPublish()
    {
        var (_, _, draft, reviewer) = await ClaimedDraftAsync("reviewer");
        await (await reviewer.Act(draft, "approve")).AssertOk();

        var response = await reviewer.Act(draft, "publish");

        await response.AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnUnknownDraft_IsNotFound()
    {
        var (tenant, _) = await api.TenantAsync();

        var response = await api.As(tenant.Tenant.Id, "editor").Act(Guid.NewGuid(), "claim");

        await response.AssertProblem(HttpStatusCode.NotFound);
    }
}
