using Npgsql;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent.Support;

/// <summary>The second replica (scripts/services.sh), which applies WAL about 500 ms late.</summary>
public static class DelayedReplica
{
    /// <summary>The application role's connection to <paramref name="db"/> on the delayed replica.</summary>
    public static string ConnectionString(DatabaseFixture db) =>
        new NpgsqlConnectionStringBuilder(db.Database.Primary) { Port = LocalServices.DelayedReplicaPort }.ConnectionString;

    /// <summary>Waits until the delayed replica has replayed everything the primary has written so far.</summary>
    public static async Task CatchUpAsync(TimeSpan? timeout = null)
    {
        string lsn;
        await using (var primary = new NpgsqlConnection(LocalServices.AdminServer))
        {
            await primary.OpenAsync();
            await using var current = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", primary);
            lsn = (string)(await current.ExecuteScalarAsync())!;
        }
        var server = new NpgsqlConnectionStringBuilder(LocalServices.AdminServer) { Port = LocalServices.DelayedReplicaPort, Database = "postgres" };
        await using var replica = new NpgsqlConnection(server.ConnectionString);
        await replica.OpenAsync();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var caughtUp = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", replica);
            caughtUp.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lsn });
            if ((bool)(await caughtUp.ExecuteScalarAsync())!)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The delayed replica did not replay up to {lsn} in time.");
            }
            await Task.Delay(20);
        }
    }
}
