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
    public static Task CatchUpAsync(TimeSpan? timeout = null) => TestDatabase.WaitForReplayAsync(LocalServices.DelayedReplicaPort, timeout);

    /// <summary>
    /// Stops the delayed replica replaying until the result is disposed, so "the replica has not seen it
    /// yet" holds however long the test takes (its 500 ms delay alone does not, on an idle machine or a
    /// slow first request).
    /// </summary>
    public static async Task<IAsyncDisposable> PauseReplayAsync()
    {
        await SetReplayPausedAsync(true);
        return new Resume();
    }

    private static async Task SetReplayPausedAsync(bool paused)
    {
        var replica = new NpgsqlConnectionStringBuilder(LocalServices.AdminServer) { Port = LocalServices.DelayedReplicaPort, Database = "postgres" };
        await using var conn = new NpgsqlConnection(replica.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(paused ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()", conn);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Resume : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await SetReplayPausedAsync(false);
    }
}
