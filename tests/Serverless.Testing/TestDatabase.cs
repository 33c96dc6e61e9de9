using Npgsql;
using Serverless.Core.Data.Migrations;

namespace Serverless.Testing;

/// <summary>
/// A fresh, migrated database on the real local primary (and so, through streaming replication, on
/// the replica too), dropped when disposed. Tests get their own database, never the dev one.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name)
    {
        Name = name;
        var admin = new NpgsqlConnectionStringBuilder(LocalServices.AdminServer) { Database = name, Pooling = true };
        Admin = admin.ConnectionString;
        Primary = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Username = "serverless_app" }.ConnectionString;
        Replica = new NpgsqlConnectionStringBuilder(Primary) { Port = LocalServices.ReplicaPort }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The operator's connection (migrations, seeding): a superuser locally.</summary>
    public string Admin { get; }

    /// <summary>The application role on the primary.</summary>
    public string Primary { get; }

    /// <summary>The application role on the streaming replica.</summary>
    public string Replica { get; }

    /// <summary>Creates an empty database; <paramref name="migrate"/> applies the schema too.</summary>
    public static async Task<TestDatabase> CreateAsync(string purpose, bool migrate = true)
    {
        var name = $"t_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        var db = new TestDatabase(name[..Math.Min(name.Length, 60)]);
        await using (var server = new NpgsqlConnection(LocalServices.AdminServer))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{db.Name}\"", server);
            await create.ExecuteNonQueryAsync();
        }
        if (migrate)
        {
            await Migrator.MigrateAsync(db.Admin);
        }
        await db.WaitForReplicaAsync();
        return db;
    }

    /// <summary>Waits until the replica has replayed everything the primary has written so far.</summary>
    public Task WaitForReplicaAsync(TimeSpan? timeout = null) => WaitForReplayAsync(LocalServices.ReplicaPort, timeout);

    /// <summary>Waits until the replica on <paramref name="replicaPort"/> has replayed everything the primary has
    /// written so far (it serves every database of the cluster, so this is not tied to one test database).</summary>
    public static async Task WaitForReplayAsync(int replicaPort, TimeSpan? timeout = null)
    {
        string lsn;
        await using (var primary = new NpgsqlConnection(LocalServices.AdminServer))
        {
            await primary.OpenAsync();
            await using var current = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", primary);
            lsn = (string)(await current.ExecuteScalarAsync())!;
        }
        var replicaServer = new NpgsqlConnectionStringBuilder(LocalServices.AdminServer) { Port = replicaPort, Database = "postgres" };
        await using var replica = new NpgsqlConnection(replicaServer.ConnectionString);
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
                throw new TimeoutException($"The replica on :{replicaPort} did not replay up to {lsn} in time.");
            }
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(LocalServices.AdminServer);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
