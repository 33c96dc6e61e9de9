using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Api.Tests.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>
/// An instance that reaches PostgreSQL through proxies the test cuts (the shared servers keep
/// running). Copies are never fresh here, so every read asks the database first: with it gone,
/// published pages are served stale, and everything else is a 503 with Retry-After.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private DatabaseFixture _db = null!;
    private TcpProxy _primary = null!;
    private TcpProxy _replica = null!;
    private ApiHost _api = null!;

    public async Task InitializeAsync()
    {
        _db = await DatabaseFixture.CreateAsync("db_down");
        _primary = new TcpProxy(new NpgsqlConnectionStringBuilder(_db.Database.Primary).Port);
        _replica = new TcpProxy(LocalServices.ReplicaPort);
        _api = new ApiHost(_db, new Dictionary<string, string?>
        {
            ["Database:Primary"] = Through(_db.Database.Primary, _primary),
            ["Database:Replica"] = Through(_db.Database.Replica, _replica),
            ["PublicContent:FreshSeconds"] = "0",
            ["PublicContent:TenantSeconds"] = "0",
        });
    }

    [Fact]
    public async Task DatabaseDown_PublishedPagesAreServedStale_WritesAndUncachedReadsGet503()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var writer = _api.Client(tenant.ApiKey);
        var item = await writer.PublishAsync("Still here");
        await _db.Database.WaitForReplicaAsync();
        var reader = _api.Client();
        Assert.Equal("MISS", (await reader.GetAsync(PublicApi.Url(tenant, item))).Header("x-cache"));
        using var stale = new HostCounter(_api, "serverless.public.stale_served");

        _primary.Cut();
        _replica.Cut();
        var page = await reader.GetAsync(PublicApi.Url(tenant, item));
        var write = await writer.PostAsJsonAsync("/v1/content", ContentApi.NewItem());
        var uncached = await reader.GetAsync($"/public/{tenant.Tenant.Slug}/article/never-read-before");

        Assert.Equal("Still here", await page.TitleAsync());
        Assert.Equal("STALE", page.Header("x-cache"));
        Assert.True(stale.Value > 0);
        await write.AssertProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(write.Headers.RetryAfter);
        await uncached.AssertProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(uncached.Headers.RetryAfter);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _primary.DisposeAsync();
        await _replica.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static string Through(string connectionString, TcpProxy proxy) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Port = proxy.Port, Timeout = 3 }.ConnectionString;
}
