using System.Net;
using Serverless.Api.Platform.Caching;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>
/// An instance on a Redis of the test's own, which the test stops mid-run: reads keep succeeding
/// (from L1, or from PostgreSQL), invalidation still works locally, and the fallback is counted.
/// </summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private DatabaseFixture _db = null!;
    private OwnRedis _redis = null!;
    private ApiHost _api = null!;

    public async Task InitializeAsync()
    {
        _db = await DatabaseFixture.CreateAsync("redis_down");
        _redis = await OwnRedis.StartAsync();
        _api = new ApiHost(_db, new Dictionary<string, string?> { ["Redis:Configuration"] = _redis.Configuration });
    }

    [Fact]
    public async Task RedisStoppedMidRun_NoReadFails_AndTheFallbackIsCounted()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var writer = _api.Client(tenant.ApiKey);
        var cached = await writer.PublishAsync("Cached before");
        var uncached = await writer.PublishAsync("Never cached");
        await _db.Database.WaitForReplicaAsync();
        var reader = _api.Client();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(PublicApi.Url(tenant, cached))).StatusCode);
        using var fallbacks = new HostCounter(_api, "serverless.redis.unavailable");

        _redis.Stop();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            statuses.Add((await reader.GetAsync(PublicApi.Url(tenant, cached))).StatusCode);
            statuses.Add((await reader.GetAsync(PublicApi.Url(tenant, uncached))).StatusCode);
        }
        await writer.ChangeAsync(cached, "published", "Changed while Redis was down");
        var afterChange = await reader.GetAsync(PublicApi.Url(tenant, cached));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal("Changed while Redis was down", await afterChange.TitleAsync());
        Assert.True(fallbacks.Value > 0, "reads that went without Redis are counted");
    }

    [Fact]
    public async Task RedisCallsAfterItStops_FailWithoutThrowing_AndTheBreakerOpens()
    {
        var redis = _api.Service<ResilientRedis>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await redis.TryAsync("probe", db => db.PingAsync())).Ok && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        using var shortCircuited = new HostCounter(_api, "serverless.redis.unavailable", "reason", "circuit_open");

        _redis.Stop();
        var answered = new List<bool>();
        for (var i = 0; i < 30; i++)
        {
            answered.Add((await redis.TryAsync("probe", db => db.PingAsync())).Ok);
        }

        Assert.All(answered, Assert.False);
        Assert.True(shortCircuited.Value > 0, "after enough failures the breaker stops trying Redis at all");
    }

    [Fact]
    public async Task SendsAfterItStops_AreSkippedWithoutThrowing_OnceTheConnectionIsKnownLost()
    {
        var redis = _api.Service<ResilientRedis>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await redis.TryAsync("probe", db => db.PingAsync())).Ok && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.True(redis.TrySend("probe", 0, static (db, _) => db.PingAsync(StackExchange.Redis.CommandFlags.FireAndForget)));

        _redis.Stop();
        var sent = true;
        deadline = DateTime.UtcNow.AddSeconds(15);
        while (sent && DateTime.UtcNow < deadline)
        {
            sent = redis.TrySend("probe", 0, static (db, _) => db.PingAsync(StackExchange.Redis.CommandFlags.FireAndForget));
            await Task.Delay(20);
        }

        Assert.False(sent, "once the multiplexer knows the connection is gone, nothing more is handed to it");
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _redis.DisposeAsync();
        await _db.DisposeAsync();
    }
}
