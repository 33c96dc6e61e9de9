using Serverless.Api.Platform.Caching;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>
/// Two instances over one database and one Redis. Copies stay fresh for five minutes here, so only
/// the invalidation message over Redis pub/sub can make the second instance drop its copy in time.
/// </summary>
public sealed class InvalidationAcrossInstancesTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> LongFreshness = new() { ["PublicContent:FreshSeconds"] = "300" };
    private DatabaseFixture _db = null!;
    private ApiHost _first = null!;
    private ApiHost _second = null!;

    public async Task InitializeAsync()
    {
        _db = await DatabaseFixture.CreateAsync("public_two");
        _first = new ApiHost(_db, LongFreshness);
        _second = new ApiHost(_db, LongFreshness);
    }

    [Fact]
    public async Task Publish_OnOneInstance_IsSeenByTheOtherInstancesCachedCopy()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var writer = _first.Client(tenant.ApiKey);
        var item = await writer.PublishAsync("Before");
        await _db.Database.WaitForReplicaAsync();
        var url = PublicApi.Url(tenant, item);
        var reader = _second.Client();
        Assert.Equal("Before", await (await reader.GetAsync(url)).TitleAsync());
        Assert.Equal("HIT", (await reader.GetAsync(url)).Header("x-cache"));
        await WaitUntil(() => _second.Service<CacheInvalidationBus>().Subscribed);

        await writer.ChangeAsync(item, "published", "After");

        // Pub/sub delivers asynchronously: allow it a moment, far less than the copy's freshness.
        string title;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            title = await (await reader.GetAsync(url)).TitleAsync();
        }
        while (title != "After" && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal("After", title);
    }

    [Fact]
    public async Task Publish_WhileTheWritersBreakerIsOpen_StillReachesTheOtherInstance()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var writer = _first.Client(tenant.ApiKey);
        var item = await writer.PublishAsync("Before");
        await _db.Database.WaitForReplicaAsync();
        var url = PublicApi.Url(tenant, item);
        var reader = _second.Client();
        Assert.Equal("Before", await (await reader.GetAsync(url)).TitleAsync());
        await WaitUntil(() => _second.Service<CacheInvalidationBus>().Subscribed);
        // Answers that come too late open the breaker, as on a cold or CPU-starved instance; Redis itself is fine.
        var redis = _first.Service<ResilientRedis>();
        var never = new TaskCompletionSource<bool>();
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => redis.TryAsync("slow", never, static (_, t) => t.Task).AsTask()));
        Assert.Equal(CircuitState.Open, redis.Breaker.State);

        await writer.ChangeAsync(item, "published", "After");
        var stateAfterTheWrite = redis.Breaker.State;

        string title;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            title = await (await reader.GetAsync(url)).TitleAsync();
        }
        while (title != "After" && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal(CircuitState.Open, stateAfterTheWrite);
        Assert.Equal("After", title);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(20);
        return true;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.True(condition());
    }
}
