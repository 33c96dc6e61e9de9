using System.Collections.Concurrent;
using Serverless.Api.Features.PublicContent;
using Serverless.Api.Platform.Caching;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Testing;
using StackExchange.Redis;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>
/// What an invalidation costs in Redis: a tag's time is written once per change (by the instance that made
/// it), and kept only as long as an entry written before it can live. Two instances on a Redis of the test's
/// own, whose keyspace notifications show every write to a tag key.
/// </summary>
public sealed class TagWritesTests : IAsyncLifetime
{
    private const int KeepSeconds = 3600;
    private DatabaseFixture _db = null!;
    private OwnRedis _redis = null!;
    private ConnectionMultiplexer _watcher = null!;
    private ApiHost _first = null!;
    private ApiHost _second = null!;
    private readonly ConcurrentQueue<string> _tagEvents = new();

    public async Task InitializeAsync()
    {
        _db = await DatabaseFixture.CreateAsync("public_tags");
        _redis = await OwnRedis.StartAsync();
        _watcher = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration + ",allowAdmin=true");
        await _watcher.GetServer(_redis.Configuration).ConfigSetAsync("notify-keyspace-events", "K$");
        await _watcher.GetSubscriber().SubscribeAsync(
            RedisChannel.Pattern("__keyspace@0__:sl:cache:__MSFT_HCT__*"), (channel, message) => _tagEvents.Enqueue($"{message} {channel}"));
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = _redis.Configuration,
            ["PublicContent:FreshSeconds"] = "300",
            ["PublicContent:KeepSeconds"] = KeepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _first = new ApiHost(_db, settings);
        _second = new ApiHost(_db, settings);
    }

    [Fact]
    public async Task AChange_WritesItsTagOnce_NotOncePerInstance_WithTheLongestEntryLifetimeAsItsTtl()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var writer = _first.Client(tenant.ApiKey);
        var item = await writer.PublishAsync("Before");
        await _db.Database.WaitForReplicaAsync();
        var url = PublicApi.Url(tenant, item);
        var reader = _second.Client();
        Assert.Equal("Before", await (await reader.GetAsync(url)).TitleAsync());
        await Until(() => _second.Service<CacheInvalidationBus>().Subscribed);
        var writesBefore = SetEvents();

        await writer.ChangeAsync(item, "published", "After");
        await Until(async () => await (await reader.GetAsync(url)).TitleAsync() == "After");
        // The second instance has dropped its copy; give a repeated write (the old behaviour) time to show.
        await Until(() => SetEvents() > writesBefore + 1, TimeSpan.FromSeconds(2));

        Assert.Equal(writesBefore + 1, SetEvents());
        var tagKey = $"sl:cache:{RedisDistributedCache.TagKeyPrefix}{PublicCacheKeys.ItemTag(tenant.Tenant.Id, "article", item.GetProperty("slug").GetString()!)}";
        var ttl = await _watcher.GetDatabase().KeyTimeToLiveAsync(tagKey);
        Assert.NotNull(ttl);
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(KeepSeconds - 60), TimeSpan.FromSeconds(KeepSeconds));
    }

    private int SetEvents() => _tagEvents.Count(e => e.StartsWith("set ", StringComparison.Ordinal));

    private static Task Until(Func<bool> condition, TimeSpan? within = null) => Until(() => Task.FromResult(condition()), within);

    private static async Task Until(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!await condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _watcher.DisposeAsync();
        await _redis.DisposeAsync();
        await _db.DisposeAsync();
    }
}
