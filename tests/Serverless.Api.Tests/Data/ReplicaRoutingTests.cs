using Npgsql;
using Serverless.Api.Tests.Support;
using Serverless.Core.Data;
using Serverless.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Api.Tests.Data;

[CollectionDefinition(nameof(ReplicaPaused), DisableParallelization = true)]
public sealed class ReplicaPaused;

/// <summary>
/// Lists are served by the replica and single reads and writes by the primary. Shown by freezing
/// the replica's replay: a new item is then visible on the primary only. (Its own collection, run
/// alone, because a paused replica would stall other tests waiting for it.)
/// </summary>
[Collection(nameof(ReplicaPaused))]
public sealed class ReplicaRoutingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task DataSources_PrimaryIsNotInRecovery_ReplicaIs()
    {
        var databases = api.Services.GetRequiredService<Databases>();

        await using var primary = databases.Primary.CreateCommand("SELECT pg_is_in_recovery()");
        await using var replica = databases.Replica.CreateCommand("SELECT pg_is_in_recovery()");

        Assert.False((bool)(await primary.ExecuteScalarAsync())!);
        Assert.True((bool)(await replica.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task WhileReplicaIsFrozen_ListMissesANewItem_ButGetFromPrimaryHasIt()
    {
        var (_, client) = await api.TenantAsync();
        await api.Db.Database.WaitForReplicaAsync();

        await SetReplayPausedAsync(true);
        try
        {
            var created = await client.CreateAsync();

            var fromReplica = (await (await client.GetAsync("/v1/content")).AssertOk()).GetProperty("items").EnumerateArray().Select(i => i.Id());
            var fromPrimary = await (await client.GetAsync($"/v1/content/{created.Id()}")).AssertOk();

            Assert.DoesNotContain(created.Id(), fromReplica);
            Assert.Equal(created.Id(), fromPrimary.Id());
        }
        finally
        {
            await SetReplayPausedAsync(false);
        }

        await api.Db.Database.WaitForReplicaAsync();
        var caughtUp = (await (await client.GetAsync("/v1/content")).AssertOk()).GetProperty("items");
        Assert.Equal(1, caughtUp.GetArrayLength());
    }

    private static async Task SetReplayPausedAsync(bool paused)
    {
        var replica = new NpgsqlConnectionStringBuilder(LocalServices.AdminServer) { Port = LocalServices.ReplicaPort, Database = "postgres" };
        await using var conn = new NpgsqlConnection(replica.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(paused ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()", conn);
        await command.ExecuteNonQueryAsync();
    }
}
