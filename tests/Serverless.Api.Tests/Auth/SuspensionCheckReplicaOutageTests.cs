using System.Net;
using Npgsql;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Api.Tests.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Auth;

/// <summary>
/// Every authenticated request asks (through a 10 s cache) whether its tenant is suspended, of the replica.
/// With the replica cut, the primary answers instead: a replica outage does not take key holders down.
/// </summary>
public sealed class SuspensionCheckReplicaOutageTests : IAsyncLifetime
{
    private DatabaseFixture _db = null!;
    private TcpProxy _replica = null!;
    private ApiHost _api = null!;

    public async Task InitializeAsync()
    {
        _db = await DatabaseFixture.CreateAsync("suspension_replica_down");
        _replica = new TcpProxy(LocalServices.ReplicaPort);
        _api = new ApiHost(_db, new Dictionary<string, string?>
        {
            ["Database:Replica"] = new NpgsqlConnectionStringBuilder(_db.Database.Replica) { Port = _replica.Port, Timeout = 3 }.ConnectionString,
        });
    }

    [Fact]
    public async Task ReplicaDown_AKeyHoldersReadFromThePrimary_StillSucceeds()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var client = _api.Client(tenant.ApiKey);
        var item = await client.CreateAsync();
        _replica.Cut();

        // A tenant this instance has not checked yet, so the check cannot come from its cache.
        var other = await _db.Seeder.TenantWithKeyAsync();
        var read = await _api.Client(other.ApiKey).GetAsync($"/v1/content/{item.Id()}");
        var own = await client.GetAsync($"/v1/content/{item.Id()}");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode); // another tenant's id: 404, not 5xx
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _replica.DisposeAsync();
        await _db.DisposeAsync();
    }
}
