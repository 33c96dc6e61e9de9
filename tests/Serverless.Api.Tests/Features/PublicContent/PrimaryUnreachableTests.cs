using System.Net;
using System.Net.Http.Json;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Api.Tests.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>
/// A secondary region needs no path to the primary (its subnets have none in AWS): with the primary
/// down, writes are still redirected at once and reads go on.
/// </summary>
public sealed class PrimaryUnreachableTests : IAsyncLifetime
{
    private DatabaseFixture _db = null!;
    private ApiHost _secondary = null!;

    public async Task InitializeAsync()
    {
        _db = await DatabaseFixture.CreateAsync("no_primary");
        _secondary = new ApiHost(_db, new Dictionary<string, string?>
        {
            ["Region:Current"] = "us-east-1",
            ["Region:Primary"] = "eu-west-1",
            // Port 1 on loopback: nothing listens there. Nothing in the secondary may try to call it.
            ["Region:PrimaryApiUrl"] = "http://127.0.0.1:1/api/",
        });
    }

    [Fact]
    public async Task Write_WhenThePrimaryRegionIsDown_IsStillRedirectedUnderItsStage_AndNothingIsWrittenHere()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var client = _secondary.Client(tenant.ApiKey, followRedirects: false);

        var write = await client.PostAsJsonAsync("/v1/content?draft=1", ContentApi.NewItem(status: "published"));
        var list = await (await client.GetAsync("/v1/content")).AssertOk();

        await write.AssertProblem(HttpStatusCode.PermanentRedirect, "writes-go-to-primary");
        Assert.Equal("http://127.0.0.1:1/api/v1/content?draft=1", write.Headers.Location?.OriginalString);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    public async Task DisposeAsync()
    {
        await _secondary.DisposeAsync();
        await _db.DisposeAsync();
    }
}
