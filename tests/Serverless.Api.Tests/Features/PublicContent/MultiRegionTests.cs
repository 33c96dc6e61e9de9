using System.Net;
using System.Net.Http.Json;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Api.Tests.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>
/// Two API instances as two regions, each on a loopback port: the primary, and a secondary whose read
/// source is the delayed replica and which answers writes with a 308 to the primary's URL.
/// </summary>
public sealed class MultiRegionTests : IAsyncLifetime
{
    private DatabaseFixture _db = null!;
    private ApiHost _primary = null!;
    private ApiHost _secondary = null!;

    public async Task InitializeAsync()
    {
        _db = await DatabaseFixture.CreateAsync("regions");
        await DelayedReplica.CatchUpAsync();
        _primary = new ApiHost(_db, new Dictionary<string, string?> { ["Region:Current"] = "eu-west-1", ["Region:Primary"] = "eu-west-1" }, kestrel: true);
        _secondary = new ApiHost(_db, new Dictionary<string, string?>
        {
            ["Region:Current"] = "us-east-1",
            ["Region:Primary"] = "eu-west-1",
            ["Region:PrimaryApiUrl"] = _primary.Address!.ToString(),
            ["Database:Replica"] = DelayedReplica.ConnectionString(_db),
        }, kestrel: true);
    }

    [Fact]
    public async Task WriteToTheSecondary_Is308ToThePrimarysSamePathAndQuery_AndNothingIsWritten()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var secondary = _secondary.Client(tenant.ApiKey, followRedirects: false);

        var response = await secondary.PostAsJsonAsync("/v1/content?source=sdk%20test", ContentApi.NewItem(status: "published"));

        var problem = await response.AssertProblem(HttpStatusCode.PermanentRedirect, "writes-go-to-primary");
        Assert.Equal(new Uri(_primary.Address!, "/v1/content?source=sdk%20test"), response.Headers.Location);
        Assert.Equal("us-east-1", response.Header("x-region"));
        Assert.Contains("eu-west-1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore, "which region is primary can change: the redirect must not be cached");
        var onPrimary = await (await _primary.Client(tenant.ApiKey).GetAsync("/v1/content")).AssertOk();
        Assert.Equal(0, onPrimary.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task WriteToTheSecondary_FollowedByTheClient_LandsOnThePrimary_AndTheSecondaryServesItWithTheToken()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        // An ordinary HTTP client follows a 308 with the same method, body and (non-credential) headers.
        var secondary = _secondary.Client(tenant.ApiKey);

        var created = await secondary.PostAsJsonAsync("/v1/content", ContentApi.NewItem(status: "published", title: "From us-east-1"));
        var item = await created.AssertOk(HttpStatusCode.Created);
        var token = created.Header("x-consistency-token");

        Assert.Equal("eu-west-1", created.Header("x-region"));
        Assert.NotEmpty(token);
        var onPrimary = await (await _primary.Client(tenant.ApiKey).GetAsync($"/v1/content/{item.Id()}")).AssertOk();
        Assert.Equal("From us-east-1", onPrimary.GetProperty("title").GetString());

        var rightAway = await ReadAsync(tenant, item, token);
        await DelayedReplica.CatchUpAsync();
        var caughtUp = await ReadAsync(tenant, item, token);

        Assert.Equal("From us-east-1", await rightAway.TitleAsync());
        Assert.Equal("From us-east-1", await caughtUp.TitleAsync());
        Assert.Equal("replica", caughtUp.Header("x-read-source"));
        Assert.Equal("us-east-1", caughtUp.Header("x-region"));
    }

    [Fact]
    public async Task EveryWriteMethodOnTheSecondary_IsRedirected_WhileItsReadsAreServedThere()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var item = await (await _primary.Client(tenant.ApiKey).PostAsJsonAsync("/v1/content", ContentApi.NewItem())).AssertOk(HttpStatusCode.Created);
        await DelayedReplica.CatchUpAsync();
        var secondary = _secondary.Client(tenant.ApiKey, followRedirects: false);

        var put = await secondary.SendAsync(ContentApi.Put(item.Id(), new { status = "draft", title = "x", body = "y" }, ifMatch: "*"));
        var archive = await secondary.PostAsync($"/v1/content/{item.Id()}/archive", null);
        var list = await secondary.GetAsync("/v1/content");

        await put.AssertProblem(HttpStatusCode.PermanentRedirect, "writes-go-to-primary");
        Assert.Equal(new Uri(_primary.Address!, $"/v1/content/{item.Id()}"), put.Headers.Location);
        await archive.AssertProblem(HttpStatusCode.PermanentRedirect, "writes-go-to-primary");
        await list.AssertOk();
        Assert.Equal("us-east-1", list.Header("x-region"));
    }

    public async Task DisposeAsync()
    {
        await _secondary.DisposeAsync();
        await _primary.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<HttpResponseMessage> ReadAsync(SeededTenant tenant, System.Text.Json.JsonElement item, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, PublicApi.Url(tenant, item));
        request.Headers.Add("x-consistency-token", token);
        return await _secondary.Client().SendAsync(request);
    }
}
