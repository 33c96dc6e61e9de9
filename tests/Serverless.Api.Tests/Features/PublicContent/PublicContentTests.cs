using System.Net;
using Serverless.Api.Platform.Caching;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>The public read path on one instance: HTTP caching, locales, the cache and its invalidation.</summary>
public sealed class PublicContentTests(PublicContentFixture api) : IClassFixture<PublicContentFixture>
{
    [Fact]
    public async Task Get_PublishedItem_IsServedWithoutAKey_WithTheTenantsCachingHeaders()
    {
        var (tenant, writer) = await api.TenantAsync();
        await api.Db.SetTenantSettingsAsync(tenant.Tenant.Id,
            """{"publicCache":{"maxAge":30,"sMaxAge":600,"staleWhileRevalidate":45,"staleIfError":3600}}""");
        var item = await writer.PublishAsync("Hello world");
        await api.Db.Database.WaitForReplicaAsync();

        var response = await api.Api.Client().GetAsync(PublicApi.Url(tenant, item));

        Assert.Equal("Hello world", await response.TitleAsync());
        Assert.Equal("public, max-age=30, s-maxage=600, stale-while-revalidate=45, stale-if-error=3600", response.Headers.CacheControl!.ToString());
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal($"tenant/{tenant.Tenant.Slug} item/{tenant.Tenant.Slug}/article/{item.GetProperty("slug").GetString()}", response.Header("Surrogate-Key"));
        Assert.Empty(response.Headers.Vary);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Get_Twice_FirstIsAMissThatQueries_SecondIsAHitThatDoesNot()
    {
        var (tenant, writer) = await api.TenantAsync();
        var item = await writer.PublishAsync();
        await api.Db.Database.WaitForReplicaAsync();
        using var loads = new HostCounter(api.Api, "serverless.public.loads", "what", "content");
        var reader = api.Api.Client();

        var first = await reader.GetAsync(PublicApi.Url(tenant, item));
        var second = await reader.GetAsync(PublicApi.Url(tenant, item));

        Assert.Equal("MISS", first.Header("x-cache"));
        Assert.Equal("HIT", second.Header("x-cache"));
        Assert.Equal(1, loads.Value);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task Get_WithMatchingIfNoneMatch_Is304WithTheSameValidators()
    {
        var (tenant, writer) = await api.TenantAsync();
        var item = await writer.PublishAsync();
        await api.Db.Database.WaitForReplicaAsync();
        var reader = api.Api.Client();
        var first = await reader.GetAsync(PublicApi.Url(tenant, item));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, PublicApi.Url(tenant, item));
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await reader.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(first.Headers.CacheControl!.ToString(), second.Headers.CacheControl!.ToString());
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_UnknownTenantOrItem_Is404ProblemWithAShortNegativeTtl()
    {
        var (tenant, _) = await api.TenantAsync();
        var reader = api.Api.Client();

        var noTenant = await reader.GetAsync("/public/no-such-tenant-here/article/anything");
        var noItem = await reader.GetAsync($"/public/{tenant.Tenant.Slug}/article/no-such-item");

        foreach (var response in new[] { noTenant, noItem })
        {
            await response.AssertProblem(HttpStatusCode.NotFound, "not-found");
            Assert.Equal("public, max-age=10, s-maxage=10", response.Headers.CacheControl!.ToString());
        }
    }

    [Fact]
    public async Task Get_Locale_FallsBackToTheTenantsDefaultLocale()
    {
        var (tenant, writer) = await api.TenantAsync();
        await api.Db.SetTenantSettingsAsync(tenant.Tenant.Id, """{"defaultLocale":"fr"}""");
        var french = await writer.PublishAsync("Bonjour", locale: "fr", slug: "greeting");
        await writer.PublishAsync("Hello", locale: "en", slug: "greeting");
        await api.Db.Database.WaitForReplicaAsync();
        var reader = api.Api.Client();

        Assert.Equal("Bonjour", await (await reader.GetAsync(PublicApi.Url(tenant, french))).TitleAsync());
        Assert.Equal("Hello", await (await reader.GetAsync(PublicApi.Url(tenant, french, "en"))).TitleAsync());
        Assert.Equal("Bonjour", await (await reader.GetAsync(PublicApi.Url(tenant, french, "de"))).TitleAsync());
        await (await reader.GetAsync(PublicApi.Url(tenant, french, "not a locale"))).AssertProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("in_review")]
    [InlineData("approved")]
    [InlineData("archived")]
    public async Task Get_ItemInAnyStatusButPublished_IsNeverServed(string status)
    {
        var (tenant, writer) = await api.TenantAsync();
        var item = await writer.CreateAsync(ContentApi.NewItem(status: "draft"));
        if (status != "draft")
        {
            await api.Db.SetStatusAsync(item.Id(), status);
        }
        await api.Db.Database.WaitForReplicaAsync();

        var response = await api.Api.Client().GetAsync(PublicApi.Url(tenant, item));

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unpublish_Update_AndArchive_ThroughTheContentApi_TakeEffectOnTheCachedPublicPage()
    {
        var (tenant, writer) = await api.TenantAsync();
        var item = await writer.PublishAsync("First");
        await api.Db.Database.WaitForReplicaAsync();
        var reader = api.Api.Client();
        var url = PublicApi.Url(tenant, item);
        Assert.Equal("First", await (await reader.GetAsync(url)).TitleAsync());
        Assert.Equal("HIT", (await reader.GetAsync(url)).Header("x-cache"));

        await writer.ChangeAsync(item, "published", "Second");
        var updated = await reader.GetAsync(url);
        await writer.ChangeAsync(item, "draft", "Unpublished");
        var unpublished = await reader.GetAsync(url);
        await writer.ChangeAsync(item, "published", "Third");
        var republished = await reader.GetAsync(url);
        (await writer.PostAsync($"/v1/content/{item.Id()}/archive", null)).EnsureSuccessStatusCode();
        var archived = await reader.GetAsync(url);

        Assert.Equal("Second", await updated.TitleAsync());
        await unpublished.AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal("Third", await republished.TitleAsync());
        await archived.AssertProblem(HttpStatusCode.NotFound);
        var cdn = api.Api.Service<RecordingCdnInvalidator>().Requests;
        Assert.Contains(cdn, r => r.Paths.Contains($"/public/{tenant.Tenant.Slug}/article/{item.GetProperty("slug").GetString()}*"));
    }

    [Fact]
    public async Task Delete_ThroughTheContentApi_TakesTheCachedPublicPageDown_AndAsksTheCdnToDropIt()
    {
        var (tenant, writer) = await api.TenantAsync();
        var item = await writer.PublishAsync("Soon gone");
        await api.Db.Database.WaitForReplicaAsync();
        var reader = api.Api.Client();
        var url = PublicApi.Url(tenant, item);
        Assert.Equal("Soon gone", await (await reader.GetAsync(url)).TitleAsync());
        Assert.Equal("HIT", (await reader.GetAsync(url)).Header("x-cache"));
        var cdn = api.Api.Service<RecordingCdnInvalidator>().Requests;
        var before = cdn.Count;

        (await writer.DeleteAsync($"/v1/content/{item.Id()}")).EnsureSuccessStatusCode();
        var afterDelete = await reader.GetAsync(url);

        await afterDelete.AssertProblem(HttpStatusCode.NotFound);
        Assert.Contains(cdn.Skip(before), r => r.Paths.Contains($"/public/{tenant.Tenant.Slug}/article/{item.GetProperty("slug").GetString()}*"));
    }

    [Fact]
    public async Task ConcurrentMisses_OnOneKey_MakeOneDatabaseQuery()
    {
        var (tenant, writer) = await api.TenantAsync();
        var item = await writer.PublishAsync();
        await api.Db.Database.WaitForReplicaAsync();
        var reader = api.Api.Client();
        // Resolve the tenant first, so only the item's key is cold.
        await reader.GetAsync($"/public/{tenant.Tenant.Slug}/article/warm-up");
        using var loads = new HostCounter(api.Api, "serverless.public.loads", "what", "content");

        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => reader.GetAsync(PublicApi.Url(tenant, item))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, loads.Value);
    }

    [Fact]
    public async Task Get_WithATamperedConsistencyToken_Is400()
    {
        var (tenant, writer) = await api.TenantAsync();
        var created = await writer.PostAsync("/v1/content", System.Net.Http.Json.JsonContent.Create(ContentApi.NewItem(status: "published")));
        var token = created.Header("x-consistency-token");
        var item = await created.AssertOk(HttpStatusCode.Created);
        var forged = (token[0] == '0' ? "1" : "0") + token[1..];

        using var request = new HttpRequestMessage(HttpMethod.Get, PublicApi.Url(tenant, item));
        request.Headers.Add("x-consistency-token", forged);
        var response = await api.Api.Client().SendAsync(request);

        await response.AssertProblem(HttpStatusCode.BadRequest);
    }
}
