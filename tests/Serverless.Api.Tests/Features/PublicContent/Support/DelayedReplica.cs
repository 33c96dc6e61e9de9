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
}
