using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Api.Tests.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>
/// Lag injection: the API reads from the delayed replica (WAL applied ~500 ms late). Over many
/// write-then-read trials, a read carrying the write's consistency token is never stale, while the
/// same read without it usually is, which shows the lag is real and the test able to fail.
/// </summary>
public sealed class ReadYourWritesTests : IAsyncLifetime
{
    private const int Trials = 12;
    private DatabaseFixture _db = null!;
    private ApiHost _api = null!;

    public async Task InitializeAsync()
    {
        _db = await DatabaseFixture.CreateAsync("ryw");
        await DelayedReplica.CatchUpAsync();
        _api = new ApiHost(_db, new Dictionary<string, string?> { ["Database:Replica"] = DelayedReplica.ConnectionString(_db) });
    }

    [Fact]
    public async Task WriteThenRead_WithTheToken_IsNeverStale_WithoutItOftenIs()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var client = _api.Client(tenant.ApiKey);
        var item = await client.PublishAsync("v0");
        await DelayedReplica.CatchUpAsync();
        var staleWithout = 0;
        var staleWith = 0;

        for (var i = 1; i <= Trials; i++)
        {
            var write = await client.ChangeAsync(item, "published", $"v{i}");
            var token = write.Header("x-consistency-token");

            var listWithout = await ListTitleAsync(client, item, null);
            var listWith = await ListTitleAsync(client, item, token);
            var publicWith = await PublicTitleAsync(tenant, item, token);
            var historyWith = await LatestRevisionTitleAsync(client, item, token);

            staleWithout += listWithout == $"v{i}" ? 0 : 1;
            staleWith += (listWith == $"v{i}" ? 0 : 1) + (publicWith == $"v{i}" ? 0 : 1) + (historyWith == $"v{i}" ? 0 : 1);
        }

        Assert.Equal(0, staleWith);
        Assert.True(staleWithout > 0, "without the token the lagging replica should have served stale reads");
    }

    [Fact]
    public async Task ANewTenantsFirstPublishedItem_IsServedAtOnce_ThoughTheReplicaHasNeither()
    {
        await using var paused = await DelayedReplica.PauseReplayAsync();
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var item = await _api.Client(tenant.ApiKey).PublishAsync("Day one");

        var response = await _api.Client().GetAsync(PublicApi.Url(tenant, item));

        Assert.Equal("Day one", await response.TitleAsync());
        Assert.Equal("primary", response.Header("x-read-source"));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static async Task<string?> ListTitleAsync(HttpClient client, JsonElement item, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/content?type=article");
        if (token is not null)
        {
            request.Headers.Add("x-consistency-token", token);
        }
        var list = await (await client.SendAsync(request)).AssertOk();
        return list.GetProperty("items").EnumerateArray().Where(i => i.Id() == item.Id()).Select(i => i.GetProperty("title").GetString()).FirstOrDefault();
    }

    private static async Task<string?> LatestRevisionTitleAsync(HttpClient client, JsonElement item, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/content/{item.Id()}/revisions");
        request.Headers.Add("x-consistency-token", token);
        var history = await (await client.SendAsync(request)).AssertOk();
        return history.GetProperty("items").EnumerateArray().First().GetProperty("title").GetString();
    }

    private async Task<string?> PublicTitleAsync(SeededTenant tenant, JsonElement item, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, PublicApi.Url(tenant, item));
        request.Headers.Add("x-consistency-token", token);
        var response = await _api.Client().SendAsync(request);
        Assert.True(response.Headers.CacheControl is { NoStore: true, Private: true });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString();
    }
}
