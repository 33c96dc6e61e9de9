using Npgsql;
using Serverless.Core.Data;
using Serverless.Testing;

namespace Serverless.Core.Tests.Data;

/// <summary>A replica nobody listens on (port 1), as when the streaming replica is stopped.</summary>
public sealed class ReplicaFallbackTests
{
    [Fact]
    public async Task AReplicaRead_GoesToThePrimary_AndTheBreakerOpens_WhenTheReplicaCannotBeReached()
    {
        await using var db = await TestDatabase.CreateAsync("fallback");
        await using var databases = Databases.Create(new DatabaseOptions { Primary = db.Primary, Replica = Unreachable(db) });

        await using (var first = await databases.OpenAsync(DataSourceKind.Replica, default))
        {
            Assert.Equal(DataSourceKind.Primary, first.Source);
        }

        Assert.True(databases.Fallback.IsOpen);
        await using var second = await databases.OpenAsync(DataSourceKind.Replica, default);
        Assert.Equal(DataSourceKind.Primary, second.Source);
    }

    [Fact]
    public async Task WhileTheBreakerIsOpen_AndThePrimaryStandingInDoesNotAnswer_TheReplicaIsAskedAgain_AndServesTheRead()
    {
        await using var db = await TestDatabase.CreateAsync("fallback_back");
        // The replica failed a moment ago (the breaker is open, for a long while) and is back; now the primary,
        // which has been standing in for it, is the one that does not answer.
        await using var databases = Databases.Create(new DatabaseOptions { Primary = Unreachable(db), Replica = db.Replica, ReplicaBreakSeconds = 600 });
        databases.Fallback.Trip();

        await using var read = await databases.OpenAsync(DataSourceKind.Replica, default);

        Assert.Equal(DataSourceKind.Replica, read.Source);
        Assert.False(databases.Fallback.IsOpen);
    }

    [Fact]
    public async Task AtTheConcurrencyLimit_AnotherFallbackRead_IsRefusedWithARetryAfter()
    {
        await using var db = await TestDatabase.CreateAsync("fallback_limit");
        await using var databases = Databases.Create(new DatabaseOptions
        {
            Primary = db.Primary, Replica = Unreachable(db), ReplicaFallbackConcurrency = 1, ReplicaBreakSeconds = 7,
        });
        await using var holding = await databases.OpenAsync(DataSourceKind.Replica, default);

        var refused = await Assert.ThrowsAsync<ReplicaUnavailableException>(() => databases.OpenAsync(DataSourceKind.Replica, default));

        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7));
        await holding.DisposeAsync();
        await using var afterwards = await databases.OpenAsync(DataSourceKind.Replica, default);
        Assert.Equal(DataSourceKind.Primary, afterwards.Source);
    }

    [Fact]
    public async Task WhereThePrimaryMayNotStandIn_AReplicaOutage_IsReplicaUnavailable()
    {
        await using var db = await TestDatabase.CreateAsync("fallback_none");
        await using var databases = Databases.Create(new DatabaseOptions
        {
            Primary = db.Primary, Replica = Unreachable(db), ReplicaFallsBackToPrimary = false,
        });

        var refused = await Assert.ThrowsAsync<ReplicaUnavailableException>(
            () => TenantSession.BeginAsync(databases, DataSourceKind.Replica, Guid.NewGuid(), "test", default));

        Assert.True(DataUnavailable.Is(refused));
        await using var primary = await databases.OpenAsync(DataSourceKind.Primary, default);
        Assert.Equal(DataSourceKind.Primary, primary.Source);
    }

    [Fact]
    public async Task APrimaryAddressThatReachesAStandby_IsRefusedAsReadOnly_AndItsPoolCleared()
    {
        await using var db = await TestDatabase.CreateAsync("standby_primary");
        // The writer's address now reaches a standby, as in the middle of a failover.
        await using var databases = Databases.Create(new DatabaseOptions { Primary = db.Replica });

        var refused = await Assert.ThrowsAsync<PostgresException>(
            () => TenantSession.BeginAsync(databases, DataSourceKind.Primary, Guid.NewGuid(), "test", default));

        Assert.Equal(DataUnavailable.ReadOnlyTransaction, refused.SqlState);
        Assert.True(DataUnavailable.Is(refused));
        Assert.True(DataUnavailable.StalePool(refused));
    }

    private static string Unreachable(TestDatabase db) =>
        new NpgsqlConnectionStringBuilder(db.Primary) { Port = 1, Timeout = 2 }.ConnectionString;
}
