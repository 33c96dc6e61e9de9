using System.Net;
using System.Text.Json;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Content;

public sealed class ContentListTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task List_PagesThroughEveryItem_NewestFirst_WithoutDuplicates()
    {
        var (_, client) = await api.TenantAsync();
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await client.CreateAsync()).Id());
        }
        await api.Db.Database.WaitForReplicaAsync();

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await client.GetAsync($"/v1/content?limit=3{(cursor is null ? "" : $"&cursor={cursor}")}")).AssertOk();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Id()));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task List_FiltersByTypeStatusAndLocale()
    {
        var (_, client) = await api.TenantAsync();
        var article = await client.CreateAsync(ContentApi.NewItem(type: "article", locale: "en"));
        var published = await client.CreateAsync(ContentApi.NewItem(type: "article", locale: "en", status: "published"));
        var faqFr = await client.CreateAsync(ContentApi.NewItem(type: "faq", locale: "fr"));
        await api.Db.Database.WaitForReplicaAsync();

        async Task<string[]> Ids(string query) =>
            (await (await client.GetAsync($"/v1/content?{query}")).AssertOk()).GetProperty("items").EnumerateArray().Select(i => i.Id()).ToArray();

        Assert.Equal([published.Id(), article.Id()], await Ids("type=article"));
        Assert.Equal([published.Id()], await Ids("status=published"));
        Assert.Equal([faqFr.Id()], await Ids("locale=fr"));
        Assert.Equal([article.Id()], await Ids("type=article&status=draft&locale=en"));
        Assert.Empty(await Ids("type=page"));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=AaIzIyDyfR6A7DrW55BStB", "cursor")] // 22 base64url characters whose last one has stray bits
    [InlineData("status=deleted", "status")]
    [InlineData("locale=english", "locale")]
    [InlineData("type=Bad%20Type", "type")]
    [InlineData("q=%20%20", "q")]
    public async Task List_InvalidQuery_Returns400NamingTheParameter(string query, string field)
    {
        var (_, client) = await api.TenantAsync();

        var problem = await (await client.GetAsync($"/v1/content?{query}")).AssertProblem(HttpStatusCode.BadRequest, ":validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}");
    }

    [Fact]
    public async Task Search_FindsWordsAndPhrasesInTitlesAndBodies_OfThisTenantOnly()
    {
        var (_, client) = await api.TenantAsync();
        var (_, other) = await api.TenantAsync();
        var lambda = await client.CreateAsync(new { type = "article", slug = "cold-starts", locale = "en", title = "Lambda cold starts", body = "Native AOT trims the start-up.", attributes = new { } });
        var queues = await client.CreateAsync(new { type = "article", slug = "fair-queues", locale = "en", title = "Fair queues", body = "SQS keeps one tenant from starving the others; cold caches too.", attributes = new { } });
        await other.CreateAsync(new { type = "article", slug = "cold-starts", locale = "en", title = "Lambda cold starts", body = "Someone else's.", attributes = new { } });
        await api.Db.Database.WaitForReplicaAsync();

        async Task<string[]> Ids(string q) =>
            (await (await client.GetAsync($"/v1/content?q={Uri.EscapeDataString(q)}")).AssertOk()).GetProperty("items").EnumerateArray().Select(i => i.Id()).ToArray();

        Assert.Equal([queues.Id(), lambda.Id()], await Ids("cold"));
        Assert.Equal([lambda.Id()], await Ids("\"cold starts\""));
        Assert.Equal([lambda.Id()], await Ids("aot"));
        Assert.Equal([queues.Id()], await Ids("cold -lambda"));
        Assert.Empty(await Ids("kubernetes"));
    }

    [Fact]
    public async Task Search_LongerThanTheLimit_Is400()
    {
        var (_, client) = await api.TenantAsync();

        var problem = await (await client.GetAsync($"/v1/content?q={new string('a', 201)}")).AssertProblem(HttpStatusCode.BadRequest, ":validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty("q", out _));
    }
}
