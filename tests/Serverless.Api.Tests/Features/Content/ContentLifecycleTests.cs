using System.Net;
using System.Net.Http.Json;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Content;

public sealed class ContentLifecycleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Create_ValidItem_Returns201WithLocationETagAndTheStoredItem()
    {
        var (_, client) = await api.TenantAsync();

        var response = await client.PostJson("/v1/content", new
        {
            type = "article", slug = "hello-world", locale = "en-GB", title = "Hello", body = "Body ✓", attributes = new { tags = new[] { "a", "b" }, score = 3 },
        });

        var item = await response.AssertOk(HttpStatusCode.Created);
        Assert.Equal($"/v1/content/{item.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("draft", item.GetProperty("status").GetString());
        Assert.Equal("Body ✓", item.GetProperty("body").GetString());
        Assert.Equal(3, item.GetProperty("attributes").GetProperty("score").GetInt32());
        Assert.Equal(1, item.Version());
    }

    [Fact]
    public async Task Get_ExistingItem_ReturnsItWithETag_AndIfNoneMatchGives304()
    {
        var (_, client) = await api.TenantAsync();
        var created = await client.CreateAsync();

        var response = await client.GetAsync($"/v1/content/{created.Id()}");
        var item = await response.AssertOk();
        var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/content/{created.Id()}");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.Tag);
        var notModified = await client.SendAsync(conditional);

        Assert.Equal(created.Id(), item.Id());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Create_SameTypeSlugAndLocaleTwice_Returns409_ButAnotherLocaleIsFine()
    {
        var (_, client) = await api.TenantAsync();
        await client.CreateAsync(ContentApi.NewItem(slug: "twice"));

        var again = await client.PostJson("/v1/content", ContentApi.NewItem(slug: "twice"));
        var otherLocale = await client.PostJson("/v1/content", ContentApi.NewItem(slug: "twice", locale: "fr"));

        await again.AssertProblem(HttpStatusCode.Conflict, ":conflict");
        Assert.Equal(HttpStatusCode.Created, otherLocale.StatusCode);
    }

    [Fact]
    public async Task Create_SameSlugInTwoTenants_BothSucceed()
    {
        var (_, a) = await api.TenantAsync();
        var (_, b) = await api.TenantAsync();

        await a.CreateAsync(ContentApi.NewItem(slug: "shared-slug"));
        await b.CreateAsync(ContentApi.NewItem(slug: "shared-slug"));
    }

    [Fact]
    public async Task Update_WithMatchingIfMatch_ReplacesFieldsAndBumpsVersion()
    {
        var (_, client) = await api.TenantAsync();
        var created = await client.CreateAsync();

        var response = await client.SendAsync(ContentApi.Put(created.Id(), new { status = "published", title = "New title", body = "New body" }, "\"1\""));

        var item = await response.AssertOk();
        Assert.Equal(2, item.Version());
        Assert.Equal("New title", item.GetProperty("title").GetString());
        Assert.Equal("published", item.GetProperty("status").GetString());
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Update_WithStaleIfMatch_Returns412AndChangesNothing()
    {
        var (_, client) = await api.TenantAsync();
        var created = await client.CreateAsync();
        await (await client.SendAsync(ContentApi.Put(created.Id(), new { status = "draft", title = "First edit" }, "\"1\""))).AssertOk();

        var stale = await client.SendAsync(ContentApi.Put(created.Id(), new { status = "draft", title = "Lost edit" }, "\"1\""));

        var problem = await stale.AssertProblem(HttpStatusCode.PreconditionFailed, ":precondition-failed");
        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt32());
        var current = await (await client.GetAsync($"/v1/content/{created.Id()}")).AssertOk();
        Assert.Equal("First edit", current.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Update_WithStaleVersionInBody_Returns409()
    {
        var (_, client) = await api.TenantAsync();
        var created = await client.CreateAsync();
        await (await client.SendAsync(ContentApi.Put(created.Id(), new { status = "draft", title = "First edit", version = 1 }))).AssertOk();

        var stale = await client.SendAsync(ContentApi.Put(created.Id(), new { status = "draft", title = "Lost edit", version = 1 }));

        await stale.AssertProblem(HttpStatusCode.Conflict, ":version-conflict");
    }

    [Fact]
    public async Task Update_WithoutAnyPrecondition_Returns428()
    {
        var (_, client) = await api.TenantAsync();
        var created = await client.CreateAsync();

        var response = await client.SendAsync(ContentApi.Put(created.Id(), new { status = "draft", title = "Blind write" }));

        await response.AssertProblem((HttpStatusCode)428, ":precondition-required");
    }

    [Fact]
    public async Task ConcurrentUpdates_FromTheSameVersion_ExactlyOneWins()
    {
        var (_, client) = await api.TenantAsync();
        var created = await client.CreateAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.SendAsync(ContentApi.Put(created.Id(), new { status = "draft", title = $"Edit {i}" }, "\"1\""))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
    }

    [Fact]
    public async Task Archive_SetsArchived_IsIdempotent_AndArchivedItemsCannotBeEdited()
    {
        var (_, client) = await api.TenantAsync();
        var created = await client.CreateAsync();

        var first = await (await client.PostAsync($"/v1/content/{created.Id()}/archive", null)).AssertOk();
        var second = await (await client.PostAsync($"/v1/content/{created.Id()}/archive", null)).AssertOk();
        var edit = await client.SendAsync(ContentApi.Put(created.Id(), new { status = "draft", title = "Revive" }, "\"2\""));

        Assert.Equal("archived", first.GetProperty("status").GetString());
        Assert.Equal(2, first.Version());
        Assert.Equal(2, second.Version());
        await edit.AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Archive_WithStaleIfMatch_Returns412()
    {
        var (_, client) = await api.TenantAsync();
        var created = await client.CreateAsync();
        await (await client.SendAsync(ContentApi.Put(created.Id(), new { status = "draft", title = "Edit" }, "\"1\""))).AssertOk();
        var archive = new HttpRequestMessage(HttpMethod.Post, $"/v1/content/{created.Id()}/archive");
        archive.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        var response = await client.SendAsync(archive);

        await response.AssertProblem(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Revisions_KeepEveryVersion_NewestFirst_WithTheActor()
    {
        var (tenant, client) = await api.TenantAsync();
        var created = await client.CreateAsync();
        await (await client.SendAsync(ContentApi.Put(created.Id(), new { status = "draft", title = "Second" }, "\"1\""))).AssertOk();
        await (await client.PostAsync($"/v1/content/{created.Id()}/archive", null)).AssertOk();
        await api.Db.Database.WaitForReplicaAsync();

        var revisions = (await (await client.GetAsync($"/v1/content/{created.Id()}/revisions")).AssertOk()).GetProperty("items");

        Assert.Equal([3, 2, 1], revisions.EnumerateArray().Select(r => r.GetProperty("version").GetInt32()));
        Assert.Equal(["archived", "draft", "draft"], revisions.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Equal("Second", revisions[1].GetProperty("title").GetString());
        Assert.All(revisions.EnumerateArray(), r => Assert.Equal($"apikey:{tenant.KeyInfo.Id}", r.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task Delete_Returns204_AndTheItemIsGoneFromEveryTenantView_WhileItsHistoryIsKept()
    {
        var (_, client) = await api.TenantAsync();
        var created = await client.CreateAsync(ContentApi.NewItem(slug: "to-delete"));
        var id = created.Id();

        var deleted = await client.DeleteAsync($"/v1/content/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True(deleted.Headers.Contains("x-consistency-token"));
        var token = deleted.Headers.GetValues("x-consistency-token").Single();
        await (await client.GetAsync($"/v1/content/{id}")).AssertProblem(HttpStatusCode.NotFound, ":not-found");
        // History is read from the replica: the token makes it one that has seen the delete.
        using var revisions = new HttpRequestMessage(HttpMethod.Get, $"/v1/content/{id}/revisions");
        revisions.Headers.Add("x-consistency-token", token);
        await (await client.SendAsync(revisions)).AssertProblem(HttpStatusCode.NotFound, ":not-found");
        await (await client.SendAsync(ContentApi.Put(id, new { status = "draft", title = "Revive" }, "*"))).AssertProblem(HttpStatusCode.NotFound);
        await (await client.PostAsync($"/v1/content/{id}/archive", null)).AssertProblem(HttpStatusCode.NotFound);
        await (await client.PostJson($"/v1/content/{id}/drafts", new { })).AssertProblem(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/v1/content/{id}")).AssertProblem(HttpStatusCode.NotFound, ":not-found");
        using var list = new HttpRequestMessage(HttpMethod.Get, "/v1/content?type=article");
        list.Headers.Add("x-consistency-token", token);
        var items = (await (await client.SendAsync(list)).AssertOk()).GetProperty("items");
        Assert.DoesNotContain(items.EnumerateArray(), i => i.Id() == id);
        // Soft: the row and its history stay, ending in a revision that says who deleted it.
        await using var db = new Npgsql.NpgsqlConnection(api.Db.Database.Admin);
        await db.OpenAsync();
        await using var history = new Npgsql.NpgsqlCommand(
            "SELECT string_agg(status, ',' ORDER BY version) FROM content_revisions WHERE content_id = $1", db);
        history.Parameters.AddWithValue(Guid.Parse(id));
        Assert.Equal("draft,deleted", await history.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Delete_FreesTheSlug_SoANewItemCanTakeIt()
    {
        var (_, client) = await api.TenantAsync();
        var first = await client.CreateAsync(ContentApi.NewItem(slug: "reused"));
        (await client.DeleteAsync($"/v1/content/{first.Id()}")).EnsureSuccessStatusCode();

        var second = await client.PostJson("/v1/content", ContentApi.NewItem(slug: "reused"));
        var duplicate = await client.PostJson("/v1/content", ContentApi.NewItem(slug: "reused"));

        var item = await second.AssertOk(HttpStatusCode.Created);
        Assert.NotEqual(first.Id(), item.Id());
        await duplicate.AssertProblem(HttpStatusCode.Conflict, ":conflict");
    }

    [Fact]
    public async Task Delete_WithStaleIfMatch_Returns412_AndKeepsTheItem()
    {
        var (_, client) = await api.TenantAsync();
        var created = await client.CreateAsync();
        await (await client.SendAsync(ContentApi.Put(created.Id(), new { status = "draft", title = "Edit" }, "\"1\""))).AssertOk();
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/v1/content/{created.Id()}");
        delete.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        var response = await client.SendAsync(delete);

        await response.AssertProblem(HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/content/{created.Id()}")).StatusCode);
    }

    [Fact]
    public async Task Delete_AnotherTenantsItem_Returns404_AndLeavesItAlone()
    {
        var (_, owner) = await api.TenantAsync();
        var (_, stranger) = await api.TenantAsync();
        var created = await owner.CreateAsync();

        var response = await stranger.DeleteAsync($"/v1/content/{created.Id()}");

        await response.AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/v1/content/{created.Id()}")).StatusCode);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        var (_, client) = await api.TenantAsync();

        var response = await client.GetAsync($"/v1/content/{Guid.NewGuid()}");

        await response.AssertProblem(HttpStatusCode.NotFound, ":not-found");
    }

    [Fact]
    public async Task ListAndGet_AfterCreate_ServeJsonAttributesRoundTripped()
    {
        var (_, client) = await api.TenantAsync();
        var created = await client.CreateAsync(new { type = "faq", slug = "q1", locale = "en", title = "Q", attributes = new { nested = new { list = new[] { 1, 2 } }, flag = true } });
        await api.Db.Database.WaitForReplicaAsync();

        var list = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/content?type=faq");

        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(created.Id(), item.Id());
        Assert.Equal(2, item.GetProperty("attributes").GetProperty("nested").GetProperty("list")[1].GetInt32());
    }
}
