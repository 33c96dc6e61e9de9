using System.Net;
using Npgsql;
using Serverless.Api.Features.PublicContent;
using Serverless.Api.Platform.Caching;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Api.Tests.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>
/// Two regions with a Redis each (the secondary's is a redis-server of the test's own, so it shares
/// neither keys nor pub/sub with the primary): a change in the primary reaches the secondary's cache
/// through the replicated <c>cache_invalidations</c> table, not through Redis.
/// </summary>
public sealed class CrossRegionInvalidationTests : IAsyncLifetime
{
    private DatabaseFixture _db = null!;
    private OwnRedis _secondaryRedis = null!;
    private ApiHost _primary = null!;
    private ApiHost _secondary = null!;

    public async Task InitializeAsync()
    {
        _db = await DatabaseFixture.CreateAsync("cross_region_inval");
        _secondaryRedis = await OwnRedis.StartAsync();
        _primary = new ApiHost(_db, new Dictionary<string, string?> { ["Region:Current"] = "eu-west-1", ["Region:Primary"] = "eu-west-1" });
        _secondary = new ApiHost(_db, new Dictionary<string, string?>
        {
            ["Region:Current"] = "us-east-1",
            ["Region:Primary"] = "eu-west-1",
            ["Region:PrimaryApiUrl"] = "http://127.0.0.1:1/",
            ["Redis:Configuration"] = _secondaryRedis.Configuration,
            // Cached copies stay fresh far longer than the test waits: only an invalidation can end them.
            ["PublicContent:FreshSeconds"] = "3600",
        });
    }

    [Fact]
    public async Task APublishInThePrimary_ReachesTheSecondarysCache_ThroughTheReplica()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var writer = _primary.Client(tenant.ApiKey);
        var item = await writer.PublishAsync("First title");
        await _db.Database.WaitForReplicaAsync();
        var reader = _secondary.Client();
        var url = PublicApi.Url(tenant, item);
        Assert.Equal("First title", await (await reader.GetAsync(url)).TitleAsync());
        Assert.Equal("HIT", (await reader.GetAsync(url)).Header("x-cache"));

        await writer.ChangeAsync(item, "published", "Second title");

        var seen = await Eventually(async () => await (await reader.GetAsync(url)).TitleAsync(), title => title == "Second title");
        Assert.Equal("Second title", seen);
        Assert.True(_secondary.Service<ReplicatedInvalidations>().Applied > 0);
    }

    [Fact]
    public async Task EveryContentChange_RecordsTheItemsCacheTag_InTheSameTransaction()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var item = await _primary.Client(tenant.ApiKey).PublishAsync("Tagged");

        await using var connection = new NpgsqlConnection(_db.Database.Admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT array_agg(t) FROM cache_invalidations, unnest(tags) AS t", connection);
        var tags = (string[])(await command.ExecuteScalarAsync())!;

        Assert.Contains(PublicCacheKeys.ItemTag(tenant.Tenant.Id, item.GetProperty("type").GetString()!, item.GetProperty("slug").GetString()!), tags);
    }

    public async Task DisposeAsync()
    {
        await _secondary.DisposeAsync();
        await _primary.DisposeAsync();
        await _secondaryRedis.DisposeAsync();
        await _db.DisposeAsync();
    }

    // Polls for an outcome; the limit only ends a test that would otherwise never finish.
    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var limit = DateTime.UtcNow.AddSeconds(30);
        T value;
        do
        {
            value = await read();
            if (done(value))
            {
                return value;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < limit);
        return value;
    }
}
