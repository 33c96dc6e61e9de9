using System.Net;
using Serverless.Api.Platform.Caching;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Api.Tests.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.Settings;

/// <summary>
/// Two instances over one database and one Redis, with every cache of tenant settings set to keep its copy for an
/// hour: only the invalidation a settings change sends can make the second instance use the new settings in time.
/// </summary>
public sealed class SettingsAcrossInstancesTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> LongCaches = new()
    {
        ["PublicContent:FreshSeconds"] = "3600",
        ["PublicContent:KeepSeconds"] = "3600",
        ["PublicContent:NegativeSeconds"] = "300",
        ["Cors:RefreshSeconds"] = "3600",
    };

    private DatabaseFixture _db = null!;
    private ApiHost _first = null!;
    private ApiHost _second = null!;

    public async Task InitializeAsync()
    {
        _db = await DatabaseFixture.CreateAsync("settings_two");
        _first = new ApiHost(_db, LongCaches);
        _second = new ApiHost(_db, LongCaches);
    }

    [Fact]
    public async Task A_change_on_one_instance_reaches_the_other_instances_cors_origins_and_public_pages()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var item = await _first.Client(tenant.ApiKey).PublishAsync("Hello", locale: "de");
        await _db.Database.WaitForReplicaAsync();
        var reader = _second.Client();
        var page = PublicApi.Url(tenant, item);
        // The second instance caches the tenant's CORS origins (none) and its page (no German default: not found).
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.SendAsync(Preflight("https://app.acme.example"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(page)).StatusCode);
        var cached = await reader.GetAsync(page + "?locale=de");
        Assert.Contains("max-age=60", cached.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        await WaitUntil(() => Task.FromResult(_second.Service<CacheInvalidationBus>().Subscribed));

        var admin = _first.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin"));
        await (await admin.SendAsync(SettingsApi.Put(
            SettingsApi.Body(maxAge: 123, locale: "de", origins: ["https://app.acme.example"]), "*"))).AssertOk();

        // Pub/sub delivers asynchronously: allow it a moment, far less than the copies' hour.
        await WaitUntil(async () => (await reader.SendAsync(Preflight("https://app.acme.example"))).StatusCode == HttpStatusCode.NoContent);
        await WaitUntil(async () => (await reader.GetAsync(page)).StatusCode == HttpStatusCode.OK);
        await WaitUntil(async () => (await reader.GetAsync(page + "?locale=de")).Headers.CacheControl!.ToString().Contains("max-age=123", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static HttpRequestMessage Preflight(string origin) => new(HttpMethod.Options, "/v1/content")
    {
        Headers = { { "Origin", origin }, { "Access-Control-Request-Method", "GET" } },
    };

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(await condition());
    }
}
