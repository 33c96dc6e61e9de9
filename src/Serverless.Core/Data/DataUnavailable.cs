using Npgsql;

namespace Serverless.Core.Data;

/// <summary>
/// Which database failures mean "not answering right now" (retry later, serve stale, fall back) rather
/// than a bug, and which of them also mean the pooled connections point at the wrong server.
/// </summary>
public static class DataUnavailable
{
    /// <summary>read_only_sql_transaction: the connection reaches a server that is (now) a standby.</summary>
    public const string ReadOnlyTransaction = "25006";

    /// <summary>cannot_connect_now: the server is starting up, shutting down or in recovery.</summary>
    public const string CannotConnectNow = "57P03";

    /// <summary>admin_shutdown: the server was stopped (or failed over) under this connection.</summary>
    public const string AdminShutdown = "57P01";

    /// <summary>invalid_catalog_name: the database is not there (yet) — e.g. a replica that has not replayed its creation.</summary>
    public const string NoSuchDatabase = "3D000";

    /// <summary>True for failures a retry a little later can cure: the database (or a replica of it) is down, restarting or failing over.</summary>
    public static bool Is(Exception e) => e switch
    {
        ReplicaUnavailableException or TimeoutException => true,
        PostgresException pg => pg.IsTransient || StalePool(pg) || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    /// <summary>
    /// True when every pooled connection to this source is suspect: the server behind the address became
    /// a standby (a failover moved the writer) or refuses connections. Npgsql keeps such connections
    /// (they are healthy sockets), so the pool must be cleared or writes keep failing.
    /// </summary>
    public static bool StalePool(Exception e) =>
        e is PostgresException { SqlState: ReadOnlyTransaction or CannotConnectNow or AdminShutdown };
}
