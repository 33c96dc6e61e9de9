using Npgsql;
using Serverless.Core.Data;
using Serverless.Testing;

namespace Serverless.Core.Tests.Data;

public sealed class ReplicaReadsTests
{
    [Fact]
    public async Task AReadThatMustSeeAWrite_GoesToThePrimary_WhenTheReplicaCannotBeReached()
    {
        await using var db = await TestDatabase.CreateAsync("replica_down");
        // A replica nobody listens on, as when the streaming replica is stopped.
        var unreachable = new NpgsqlConnectionStringBuilder(db.Primary) { Port = 1, Timeout = 2 }.ConnectionString;
        await using var databases = Databases.Create(new DatabaseOptions { Primary = db.Primary, Replica = unreachable });
        var reads = new ReplicaReads(databases, TimeProvider.System);
        var written = await reads.PrimaryPositionAsync(default);

        var source = await reads.SourceForAsync(written, TimeSpan.FromMilliseconds(20), default);

        Assert.Equal(DataSourceKind.Primary, source);
    }
}
