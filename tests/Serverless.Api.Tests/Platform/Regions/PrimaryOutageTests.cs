using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serverless.Api.Auth;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Api.Tests.Support;
using Serverless.Core.Data;
using Serverless.Testing;

namespace Serverless.Api.Tests.Platform.Regions;

/// <summary>
/// The primary stops (its proxy is cut) while the replica answers: API-key clients keep reading, because
/// keys are checked on the replica; writes get 503 with Retry-After; readiness says reads work and
/// writes do not. A key verified before the whole database went away keeps working for the stale window.
/// </summary>
public sealed class PrimaryOutageTests : IAsyncLifetime
{
    private DatabaseFixture _db = null!;
    private TcpProxy _primary = null!;
    private TcpProxy _replica = null!;
    private ApiHost _api = null!;

    public async Task InitializeAsync()
    {
        _db = await DatabaseFixture.CreateAsync("primary_down");
        _primary = new TcpProxy(new NpgsqlConnectionStringBuilder(_db.Database.Primary).Port);
        _replica = new TcpProxy(LocalServices.ReplicaPort);
        _api = new ApiHost(_db, new Dictionary<string, string?>
        {
            ["Database:Primary"] = Through(_db.Database.Primary, _primary),
            ["Database:Replica"] = Through(_db.Database.Replica, _replica),
            ["ApiKeys:CacheSeconds"] = "0",
            ["ApiKeys:StaleSeconds"] = "300",
        });
    }

    [Fact]
    public async Task PrimaryDown_AKeyNeverSeenBefore_StillReads_WritesGet503_ReadinessSaysWhich()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        await _db.Seeder.TenantWithKeyAsync();
        await _db.Database.WaitForReplicaAsync();
        var client = _api.Client(tenant.ApiKey);

        _primary.Cut();
        var list = await client.GetAsync("/v1/content");
        var write = await client.PostAsJsonAsync("/v1/content", ContentApi.NewItem());
        var forReads = await _api.Client().GetAsync("/health/ready");
        var forWrites = await _api.Client().GetAsync("/health/ready?for=writes");

        await list.AssertOk();
        await write.AssertProblem(HttpStatusCode.ServiceUnavailable, ":unavailable");
        Assert.NotNull(write.Headers.RetryAfter);
        var reads = await forReads.AssertOk();
        Assert.Equal("degraded", reads.GetProperty("status").GetString());
        Assert.Equal("ok", reads.GetProperty("reads").GetString());
        Assert.Equal("unavailable", reads.GetProperty("writes").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, forWrites.StatusCode);
    }

    [Fact]
    public async Task NoDatabaseAnswers_AVerifiedKeyKeepsWorkingForTheStaleWindow_AnUnverifiedOneDoesNot()
    {
        var verified = await _db.Seeder.TenantWithKeyAsync();
        var unverified = await _db.Seeder.TenantWithKeyAsync();
        await _db.Database.WaitForReplicaAsync();
        var keys = _api.Services.GetRequiredService<ApiKeyCache>();
        Assert.NotNull(await keys.AuthenticateAsync(verified.ApiKey, default));

        _primary.Cut();
        _replica.Cut();
        var stillVerified = await keys.AuthenticateAsync(verified.ApiKey, default);
        var failure = await Record.ExceptionAsync(() => keys.AuthenticateAsync(unverified.ApiKey, default));

        Assert.Equal(verified.Tenant.Id, stillVerified?.TenantId);
        Assert.True(failure is not null && DataUnavailable.Is(failure), $"expected 'unavailable', got {failure}");
    }

    [Fact]
    public async Task ARequestWithAKey_NotesItsUse_OnThePrimary_InTheBackground()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        await _db.Database.WaitForReplicaAsync();

        await (await _api.Client(tenant.ApiKey).GetAsync("/v1/content")).AssertOk();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await _db.Seeder.Keys.ListAsync(tenant.Tenant.Id, default)).Single().LastUsedAt is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the key's use was never noted");
            await Task.Delay(50);
        }
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
