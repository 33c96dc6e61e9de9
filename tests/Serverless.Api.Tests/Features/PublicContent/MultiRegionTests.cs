using System.Net;
using System.Net.Http.Json;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Api.Tests.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>
/// Two API instances as two regions: the primary (Kestrel on a loopback port) and a secondary whose
/// read source is the delayed replica and whose writes go to the primary's API over HTTP.
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
        });
    }

    [Fact]
    public async Task WriteToTheSecondary_LandsThroughThePrimary_AndTheSecondaryServesItOnceCaughtUp()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
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
    public async Task WriteToTheSecondary_WhenThePrimaryRejectsIt_RelaysThePrimarysProblem()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();

        var unauthenticated = await _secondary.Client("sl_not_a_real_key").PostAsJsonAsync("/v1/content", ContentApi.NewItem());
        var invalid = await _secondary.Client(tenant.ApiKey).PostAsJsonAsync("/v1/content", new { type = "article" });

        await unauthenticated.AssertProblem(HttpStatusCode.Unauthorized);
        await invalid.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal("eu-west-1", invalid.Header("x-region"));
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
