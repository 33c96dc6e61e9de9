using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Review;

/// <summary>The queue as a console uses it: cursor paging past the 100-row page, orders, filters, search and ETags.</summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewQueuePagingTests(ReviewFixture api)
{
    private static async Task<JsonElement> PageAsync(HttpClient client, string query) =>
        await (await client.GetAsync($"/v1/review/items?{query}")).AssertOk();

    private static List<Guid> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("draftId").GetGuid()).ToList();

    [Fact]
    public async Task TheCursor_WalksPastAHundredDrafts_WithoutSkippingOrRepeating()
    {
        var (tenant, _) = await api.TenantAsync();
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id);
        var seeded = new List<(Guid Id, decimal Confidence)>();
        for (var i = 0; i < 130; i++)
        {
            // Few distinct confidences, so most of the order is decided by time and id: the cursor must carry all three.
            var confidence = 0.1m * (i % 7);
            seeded.Add((await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, confidence), confidence));
        }
        var reviewer = api.As(tenant.Tenant.Id, "reviewer");

        var first = await PageAsync(reviewer, "limit=100");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await PageAsync(reviewer, $"limit=100&cursor={Uri.EscapeDataString(cursor!)}");

        Assert.Equal(100, Ids(first).Count);
        Assert.True(second.Lacks("nextCursor"));
        // Seeded in time order, so a stable sort by confidence is exactly the queue's order.
        var expected = seeded.OrderBy(s => s.Confidence).Select(s => s.Id).ToList();
        Assert.Equal(expected, Ids(first).Concat(Ids(second)).ToList());
    }

    [Theory]
    [InlineData("oldest")]
    [InlineData("newest")]
    [InlineData("type")]
    public async Task EveryOrder_PagesToTheSameListAsOneBigPage(string sort)
    {
        var (tenant, _) = await api.TenantAsync();
        var article = await api.Drafts.ContentAsync(tenant.Tenant.Id, type: "article");
        var faq = await api.Drafts.ContentAsync(tenant.Tenant.Id, type: "faq");
        for (var i = 0; i < 9; i++)
        {
            await api.Drafts.DraftAsync(tenant.Tenant.Id, i % 2 == 0 ? article.Id : faq.Id, 0.1m * (i % 3));
        }
        var reviewer = api.As(tenant.Tenant.Id, "reviewer");
        var whole = Ids(await PageAsync(reviewer, $"sort={sort}&limit=100"));

        var walked = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await PageAsync(reviewer, $"sort={sort}&limit=4" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            walked.AddRange(Ids(page));
            cursor = page.Lacks("nextCursor") ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(9, whole.Count);
        Assert.Equal(whole, walked);
        if (sort == "newest")
        {
            Assert.Equal(Ids(await PageAsync(reviewer, "sort=oldest&limit=100")).AsEnumerable().Reverse(), whole);
        }
    }

    [Fact]
    public async Task TheRows_NameTheContentItem_AndTheTenant_AndFilterAndSearch()
    {
        var seeded = await api.Db.Seeder.Tenants.CreateAsync($"t-{Guid.NewGuid():N}"[..20], "Harbour Café", "standard", CancellationToken.None);
        var tenant = seeded.Id;
        var brunch = await api.Drafts.ContentAsync(tenant, "Sunday brunch", type: "event", locale: "fr");
        var hours = await api.Drafts.ContentAsync(tenant, "Opening hours", type: "article", locale: "en");
        var brunchDraft = await api.Drafts.DraftAsync(tenant, brunch.Id, 0.5m, "Le brunch du dimanche");
        var hoursDraft = await api.Drafts.DraftAsync(tenant, hours.Id, 0.6m, "Our 100% new hours");
        var reviewer = api.As(tenant, "reviewer");

        var all = await PageAsync(reviewer, "");

        Assert.Equal("Harbour Café", all.GetProperty("tenant").GetProperty("name").GetString());
        Assert.Equal(seeded.Slug, all.GetProperty("tenant").GetProperty("slug").GetString());
        var row = all.GetProperty("items")[0];
        Assert.Equal("Sunday brunch", row.GetProperty("contentTitle").GetString());
        Assert.Equal("event", row.GetProperty("contentType").GetString());
        Assert.Equal("fr", row.GetProperty("contentLocale").GetString());
        Assert.Equal(brunch.Slug, row.GetProperty("contentSlug").GetString());
        Assert.Equal([brunchDraft], Ids(await PageAsync(reviewer, "type=event")));
        Assert.Equal([hoursDraft], Ids(await PageAsync(reviewer, "locale=en")));
        Assert.Equal([brunchDraft], Ids(await PageAsync(reviewer, "q=BRUNCH")));
        Assert.Equal([hoursDraft], Ids(await PageAsync(reviewer, "q=" + Uri.EscapeDataString("100%"))));
        // LIKE wildcards match only themselves: no title has an underscore.
        Assert.Empty(Ids(await PageAsync(reviewer, "q=" + Uri.EscapeDataString("_"))));
    }

    [Fact]
    public async Task TheETag_AnswersNotModified_UntilTheQueueChanges()
    {
        var (tenant, _) = await api.TenantAsync();
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id);
        await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.4m);
        var reviewer = api.As(tenant.Tenant.Id, "reviewer");
        var first = await reviewer.GetAsync("/v1/review/items");
        var etag = first.Headers.ETag!;

        var again = new HttpRequestMessage(HttpMethod.Get, "/v1/review/items");
        again.Headers.IfNoneMatch.Add(etag);
        var unchanged = await reviewer.SendAsync(again);
        await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.7m);
        var after = new HttpRequestMessage(HttpMethod.Get, "/v1/review/items");
        after.Headers.IfNoneMatch.Add(etag);
        var changed = await reviewer.SendAsync(after);

        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal(2, (await changed.AssertOk()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ABadSortCursorOrFilter_IsNamed()
    {
        var (tenant, _) = await api.TenantAsync();
        var reviewer = api.As(tenant.Tenant.Id, "reviewer");
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id);
        await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.4m);
        await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, 0.5m);
        var cursor = (await PageAsync(reviewer, "limit=1")).GetProperty("nextCursor").GetString()!;

        var bad = await (await reviewer.GetAsync("/v1/review/items?sort=random&type=Not%20a%20type&locale=english!&q=" + new string('x', 201)))
            .AssertProblem(HttpStatusCode.BadRequest);
        var otherOrder = await (await reviewer.GetAsync($"/v1/review/items?sort=newest&cursor={Uri.EscapeDataString(cursor)}"))
            .AssertProblem(HttpStatusCode.BadRequest);
        var forged = await (await reviewer.GetAsync("/v1/review/items?cursor=bm90LWEtY3Vyc29y")).AssertProblem(HttpStatusCode.BadRequest);

        foreach (var field in new[] { "sort", "type", "locale", "q" })
        {
            Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.True(otherOrder.GetProperty("errors").TryGetProperty("cursor", out _));
        Assert.True(forged.GetProperty("errors").TryGetProperty("cursor", out _));
    }
}
