using Npgsql;
using Serverless.Core.Telemetry;

namespace Serverless.Core.Data;

/// <summary>The two places the application reads and writes: the primary and the (possibly lagging) replica.</summary>
public sealed class Databases : IAsyncDisposable
{
    public Databases(NpgsqlDataSource primary, NpgsqlDataSource replica, ReplicaFallback? fallback = null)
    {
        Primary = primary;
        Replica = replica;
        Fallback = fallback ?? new ReplicaFallback(new DatabaseOptions());
    }

    public NpgsqlDataSource Primary { get; }

    public NpgsqlDataSource Replica { get; }

    /// <summary>What a replica read does when the replica does not answer (docs/failure-modes.md).</summary>
    public ReplicaFallback Fallback { get; }

    /// <summary>Where transactions are counted and timed; null where nothing is exported (the CLI, tests that build their own).</summary>
    public CoreMetrics? Metrics { get; private init; }

    public static Databases Create(DatabaseOptions options, CoreMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Primary, "Database:Primary");
        var primary = Build(options.Primary, "serverless-primary");
        var replica = string.IsNullOrWhiteSpace(options.Replica) || options.Replica == options.Primary
            ? primary
            : Build(options.Replica, "serverless-replica");
        var fallback = new ReplicaFallback(options);
        if (metrics is not null)
        {
            fallback.OnFallback = metrics.RecordReplicaFallback;
        }
        return new Databases(primary, replica, fallback) { Metrics = metrics };
    }

    public NpgsqlDataSource this[DataSourceKind kind] => kind == DataSourceKind.Primary ? Primary : Replica;

    /// <summary>
    /// A connection to <paramref name="source"/>; a replica read goes through <see cref="Fallback"/>, so it
    /// may really reach the primary (see <see cref="OpenedConnection.Source"/>) or fail with 503.
    /// </summary>
    public async Task<OpenedConnection> OpenAsync(DataSourceKind source, CancellationToken ct)
    {
        if (source == DataSourceKind.Primary || ReferenceEquals(Primary, Replica))
        {
            return new OpenedConnection(await Primary.OpenConnectionAsync(ct), DataSourceKind.Primary, null);
        }
        return await Fallback.OpenAsync(this, ct);
    }

    /// <summary>
    /// Called with a failure of a command on <paramref name="source"/>: when it shows the pooled connections
    /// reach the wrong server (a failover made the writer's address a standby, 25006; a server refusing
    /// connections, 57P03), the pool is emptied so the next connection is made afresh. Returns true when it was.
    /// </summary>
    public bool ClearPoolIfStale(DataSourceKind source, Exception failure)
    {
        // A connection that broke at the socket (the server restarted or went away) says its idle siblings
        // in the pool are dead too: without the clear, the next few requests would each draw one and fail.
        var broken = failure is NpgsqlException and not PostgresException && failure.InnerException is IOException or System.Net.Sockets.SocketException or EndOfStreamException;
        if (!DataUnavailable.StalePool(failure) && !broken)
        {
            return false;
        }
        this[source].Clear();
        Metrics?.RecordPoolCleared(source);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await Primary.DisposeAsync();
        if (!ReferenceEquals(Primary, Replica))
        {
            await Replica.DisposeAsync();
        }
    }

    private static NpgsqlDataSource Build(string connectionString, string applicationName)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.ApplicationName ??= applicationName;
        // No DISCARD ALL when a connection goes back to the pool: the application keeps no session state (the
        // tenant, actor and request id are transaction-local, set_config(..., true)), so the reset was a
        // statement on every checkout for nothing. TenantSessionPoolTests pins that nothing survives.
        builder.NoResetOnClose = true;
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }
}
