using System.Net;
using System.Text.Json;
using Npgsql;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Api.Tests.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Platform.Regions;

/// <summary>
/// The streaming replica stops (its proxy is cut; the shared server keeps running) while the primary
/// answers. In the primary region every replica read falls back to the primary; in a secondary region
/// (whose primary is another region's) uncached tenant reads get a clear 503 with Retry-After, a public
/// page read before is still served, and reads carrying a consistency token still go to the primary.
/// </summary>
public sealed class ReplicaOutageTests : IAsyncLifetime
{
    private DatabaseFixture _db = null!;
    private TcpProxy _replica = null!;
    private ApiHost _primaryRegion = null!;
    private ApiHost _secondaryRegion = null!;

    public async Task InitializeAsync()
    {
        _db = await DatabaseFixture.CreateAsync("replica_down");
        _replica = new TcpProxy(LocalServices.ReplicaPort);
        var replica = new NpgsqlConnectionStringBuilder(_db.Database.Replica) { Port = _replica.Port, Timeout = 3 }.ConnectionString;
        _primaryRegion = new ApiHost(_db, new Dictionary<string, string?> { ["Database:Replica"] = replica });
        _secondaryRegion = new ApiHost(_db, new Dictionary<string, string?>
        {
            ["Database:Replica"] = replica,
            ["Region:Current"] = "us-east-1",
            ["Region:Primary"] = "eu-west-1",
            ["Region:PrimaryApiUrl"] = "http://127.0.0.1:9",
            ["PublicContent:FreshSeconds"] = "0",
        });
    }

    [Fact]
    public async Task InThePrimaryRegion_ListsHistoryAndPublicPages_AreServedByThePrimary()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var client = _primaryRegion.Client(tenant.ApiKey);
        var item = await client.PublishAsync("Still readable");
        var write = await client.ChangeAsync(item, "published", "Changed");
        var token = write.Header("x-consistency-token");

        _replica.Cut();
        var list = await client.GetAsync("/v1/content");
        var history = await client.GetAsync($"/v1/content/{item.Id()}/revisions");
        var historyWithToken = await WithToken(client, $"/v1/content/{item.Id()}/revisions", token);
        var page = await _primaryRegion.Client().GetAsync(PublicApi.Url(tenant, item));
        var missing = await _primaryRegion.Client().GetAsync($"/public/{tenant.Tenant.Slug}/article/no-such-item");
        var ready = await _primaryRegion.Client().GetAsync("/health/ready");

        Assert.Contains((await list.AssertOk()).GetProperty("items").EnumerateArray(), i => i.Id() == item.Id());
        Assert.Equal(2, (await history.AssertOk()).GetProperty("items").GetArrayLength());
        Assert.Equal("Changed", (await historyWithToken.AssertOk()).GetProperty("items")[0].GetProperty("title").GetString());
        Assert.Equal("Changed", await page.TitleAsync());
        await missing.AssertProblem(HttpStatusCode.NotFound);
        var health = await ready.AssertOk();
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Equal("degraded", health.GetProperty("reads").GetString());
        Assert.Equal("ok", health.GetProperty("writes").GetString());
    }

    [Fact]
    public async Task InASecondaryRegion_UncachedReadsGet503WithRetryAfter_PagesReadBeforeAreServed_TokenReadsGoToThePrimary()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var writer = _primaryRegion.Client(tenant.ApiKey);
        var item = await writer.PublishAsync("Cached here");
        var token = (await writer.ChangeAsync(item, "published", "Cached here")).Header("x-consistency-token");
        await _db.Database.WaitForReplicaAsync();
        var reader = _secondaryRegion.Client(tenant.ApiKey);
        await (await reader.GetAsync("/v1/content")).AssertOk();
        Assert.Equal("Cached here", await (await _secondaryRegion.Client().GetAsync(PublicApi.Url(tenant, item))).TitleAsync());

        _replica.Cut();
        var list = await reader.GetAsync("/v1/content");
        var listWithToken = await WithToken(reader, "/v1/content", token);
        var page = await _secondaryRegion.Client().GetAsync(PublicApi.Url(tenant, item));
        var ready = await _secondaryRegion.Client().GetAsync("/health/ready");

        await list.AssertProblem(HttpStatusCode.ServiceUnavailable, ":unavailable");
        Assert.NotNull(list.Headers.RetryAfter);
        Assert.Contains((await listWithToken.AssertOk()).GetProperty("items").EnumerateArray(), i => i.Id() == item.Id());
        // Served stale from the cache, or (the item changed since the cache was filled: a fenced copy may not
        // be served) read from the primary, which has every write; never a 503.
        Assert.Equal("Cached here", await page.TitleAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("unavailable", (await Json(ready)).GetProperty("reads").GetString());
    }

    public async Task DisposeAsync()
    {
        await _secondaryRegion.DisposeAsync();
        await _primaryRegion.DisposeAsync();
        await _replica.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static async Task<HttpResponseMessage> WithToken(HttpClient client, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("x-consistency-token", token);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
