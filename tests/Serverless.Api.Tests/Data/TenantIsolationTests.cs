using System.Net;
using System.Net.Http.Json;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Data;

/// <summary>Tenant A's key can neither see nor touch tenant B's items, through any endpoint.</summary>
public sealed class TenantIsolationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string> EveryItemEndpoint => new()
    {
        { "GET", "/v1/content/{id}" },
        { "PUT", "/v1/content/{id}" },
        { "POST", "/v1/content/{id}/archive" },
        { "GET", "/v1/content/{id}/revisions" },
    };

    [Theory]
    [MemberData(nameof(EveryItemEndpoint))]
    public async Task AnotherTenantsItem_Is404_AndUntouched(string method, string path)
    {
        var (_, a) = await api.TenantAsync();
        var (_, b) = await api.TenantAsync();
        var theirs = await b.CreateAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", theirs.Id(), StringComparison.Ordinal));
        if (method == "PUT")
        {
            request.Content = JsonContent.Create(new { status = "published", title = "Hijacked" });
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        }

        var response = await a.SendAsync(request);

        await response.AssertProblem(HttpStatusCode.NotFound, ":not-found");
        var unchanged = await (await b.GetAsync($"/v1/content/{theirs.Id()}")).AssertOk();
        Assert.Equal(1, unchanged.Version());
        Assert.Equal("draft", unchanged.GetProperty("status").GetString());
    }

    [Fact]
    public async Task List_ShowsOnlyTheCallersItems_WhateverTheFilters()
    {
        var (_, a) = await api.TenantAsync();
        var (_, b) = await api.TenantAsync();
        var mine = await a.CreateAsync(ContentApi.NewItem(slug: "same"));
        await b.CreateAsync(ContentApi.NewItem(slug: "same"));
        await b.CreateAsync(ContentApi.NewItem(status: "published"));
        await api.Db.Database.WaitForReplicaAsync();

        foreach (var query in new[] { "", "?status=published", "?type=article", "?locale=en", "?limit=100" })
        {
            var items = (await (await a.GetAsync($"/v1/content{query}")).AssertOk()).GetProperty("items").EnumerateArray().Select(i => i.Id()).ToList();
            Assert.True(items.Count <= 1, query);
            Assert.All(items, id => Assert.Equal(mine.Id(), id));
        }
    }

    [Fact]
    public async Task ACursorFromAnotherTenant_RevealsNothing()
    {
        var (_, a) = await api.TenantAsync();
        var (_, b) = await api.TenantAsync();
        await b.CreateAsync();
        var newest = await b.CreateAsync();
        await api.Db.Database.WaitForReplicaAsync();
        var cursorOfB = (await (await b.GetAsync("/v1/content?limit=1")).AssertOk()).GetProperty("nextCursor").GetString();

        var page = await (await a.GetAsync($"/v1/content?cursor={cursorOfB}")).AssertOk();

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.NotNull(newest.Id());
    }

    [Fact]
    public async Task NoKey_OrAnUnknownKey_Is401_OnEveryContentEndpoint()
    {
        var anonymous = api.Client();
        var forged = api.Client("sl_aaaaaaaaaaaa_" + new string('A', 43));
        var id = Guid.NewGuid();

        foreach (var client in new[] { anonymous, forged })
        {
            await (await client.GetAsync("/v1/content")).AssertProblem(HttpStatusCode.Unauthorized, ":unauthenticated");
            await (await client.GetAsync($"/v1/content/{id}")).AssertProblem(HttpStatusCode.Unauthorized);
            await (await client.PostJson("/v1/content", ContentApi.NewItem())).AssertProblem(HttpStatusCode.Unauthorized);
            await (await client.SendAsync(ContentApi.Put(id.ToString(), new { status = "draft", title = "x" }, "*"))).AssertProblem(HttpStatusCode.Unauthorized);
            await (await client.PostAsync($"/v1/content/{id}/archive", null)).AssertProblem(HttpStatusCode.Unauthorized);
            await (await client.GetAsync($"/v1/content/{id}/revisions")).AssertProblem(HttpStatusCode.Unauthorized);
        }
    }
}
