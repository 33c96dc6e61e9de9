using System.Diagnostics;
using Npgsql;
using Serverless.Core.Audit;

namespace Serverless.Core.Data;

/// <summary>
/// One transaction on behalf of one tenant. The tenant is set transaction-locally, so row-level
/// security sees it and a pooled connection forgets it at commit or rollback.
/// </summary>
public sealed class TenantSession : IAsyncDisposable
{
    private readonly OpenedConnection _opened;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly Databases _databases;
    private readonly DataSourceKind _source;
    private readonly string _operation;
    private readonly long _started;
    private bool _completed;

    private TenantSession(Databases databases, OpenedConnection opened, NpgsqlTransaction transaction, string operation, long started)
    {
        _databases = databases;
        _opened = opened;
        _connection = opened.Connection;
        _transaction = transaction;
        _source = opened.Source;
        _operation = operation;
        _started = started;
    }

    public static async Task<TenantSession> BeginAsync(
        Databases databases, DataSourceKind source, Guid tenantId, string operation, CancellationToken ct)
    {
        // A pool whose connections reach a standby (the writer's address moved in a failover) is emptied
        // and the session tried once more on a fresh connection; a second refusal is the caller's 503.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryBeginAsync(databases, source, tenantId, operation, ct);
            }
            catch (Exception e) when (RetryOnce(attempt, e, source, ct))
            {
            }
        }
    }

    private static async Task<TenantSession> TryBeginAsync(
        Databases databases, DataSourceKind source, Guid tenantId, string operation, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        OpenedConnection opened;
        try
        {
            // A replica read may really reach the primary (the replica is down): the session says which.
            opened = await databases.OpenAsync(source, ct);
        }
        catch (Exception e)
        {
            databases.Metrics?.RecordDbCall(source, operation, "error", Stopwatch.GetElapsedTime(started));
            databases.ClearPoolIfStale(source, e);
            throw;
        }
        var connection = opened.Connection;
        try
        {
            // BEGIN is not sent on its own: Npgsql puts it in front of the prelude, one round trip.
            var transaction = await connection.BeginTransactionAsync(ct);
            bool readOnly;
            await using (var set = new NpgsqlCommand(PreludeSql, connection, transaction))
            {
                AddPreludeParameters(set.Parameters, tenantId);
                await using var reader = await set.ExecuteReaderAsync(ct);
                readOnly = await ReadPreludeAsync(reader, ct);
            }
            ThrowIfStandby(readOnly, opened.Source);
            return new TenantSession(databases, opened, transaction, operation, started);
        }
        catch (Exception e)
        {
            databases.Metrics?.RecordDbCall(opened.Source, operation, "error", Stopwatch.GetElapsedTime(started));
            databases.ClearPoolIfStale(opened.Source, e);
            await opened.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where this session really reads and writes.</summary>
    public DataSourceKind Source => _source;

    public NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction);

    /// <summary>A batch in this session's transaction: statements that need no answer in between go in one round trip.</summary>
    public NpgsqlBatch Batch() => new(_connection, _transaction);

    /// <summary>
    /// Commits. On the primary, when the request is tracking its writes (<see cref="CommitPositions"/>), the
    /// primary's WAL position after the commit is read in the same round trip as the COMMIT, on the same
    /// connection: the consistency token then costs no second connection and no second round trip.
    /// </summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        if (_source == DataSourceKind.Primary && CommitPositions.Current is { } positions)
        {
            await using var batch = new NpgsqlBatch(_connection)
            {
                BatchCommands = { new NpgsqlBatchCommand("COMMIT"), new NpgsqlBatchCommand("SELECT pg_current_wal_lsn()") },
            };
            await using (var reader = await batch.ExecuteReaderAsync(ct))
            {
                // COMMIT has no result set: the reader starts on the position's.
                await reader.ReadAsync(ct);
                positions.Committed(reader.GetFieldValue<NpgsqlTypes.NpgsqlLogSequenceNumber>(0));
            }
        }
        else
        {
            await _transaction.CommitAsync(ct);
        }
        _completed = true;
        _databases.Metrics?.RecordDbCall(_source, _operation, "ok", Stopwatch.GetElapsedTime(_started));
    }

    /// <summary>
    /// One statement for one tenant in one round trip. The tenant prelude and the statement go as one batch,
    /// which PostgreSQL runs as one implicit transaction (one Sync): the transaction-local tenant setting covers
    /// the statement, and is gone when it ends, exactly as in a session. The same failover checks and retries
    /// as <see cref="BeginAsync"/> apply; <paramref name="read"/> must therefore be safe to run twice.
    /// </summary>
    public static async Task<T> OnceAsync<T>(
        Databases databases, DataSourceKind source, Guid tenantId, string operation, string sql,
        Action<NpgsqlParameterCollection> bind, Func<NpgsqlDataReader, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(databases);
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(read);
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            OpenedConnection? opened = null;
            try
            {
                opened = await databases.OpenAsync(source, ct);
                var result = await WithPreludeAsync(opened, null, tenantId, sql, bind, read, ct);
                databases.Metrics?.RecordDbCall(opened.Source, operation, "ok", Stopwatch.GetElapsedTime(started));
                return result;
            }
            catch (Exception e)
            {
                var where = opened?.Source ?? source;
                databases.Metrics?.RecordDbCall(where, operation, "error", Stopwatch.GetElapsedTime(started));
                databases.ClearPoolIfStale(where, e);
                if (!RetryOnce(attempt, e, source, ct))
                {
                    throw;
                }
            }
            finally
            {
                if (opened is not null)
                {
                    await opened.DisposeAsync();
                }
            }
        }
    }

    /// <summary>
    /// Whether a first attempt's failure earns a second one on a fresh connection: a "primary" that turned out to
    /// be a standby (its pool is emptied by then), or a pooled replica connection that died (the replica restarted
    /// or is down: it fails on first use, not on open, and leaves the pool; if the replica does not answer the
    /// fresh one, the breaker opens and the read goes wherever a replica read may go).
    /// </summary>
    private static bool RetryOnce(int attempt, Exception e, DataSourceKind source, CancellationToken ct) =>
        attempt == 1 && !ct.IsCancellationRequested && (
            (e is PostgresException { SqlState: DataUnavailable.ReadOnlyTransaction } && source == DataSourceKind.Primary)
            || (source == DataSourceKind.Replica && ReplicaFallback.IsReplicaDown(e)));

    /// <summary>The tenant prelude and one statement as one batch (in <paramref name="transaction"/>, if any); reads the statement's result.</summary>
    private static async Task<T> WithPreludeAsync<T>(
        OpenedConnection opened, NpgsqlTransaction? transaction, Guid tenantId, string sql,
        Action<NpgsqlParameterCollection> bind, Func<NpgsqlDataReader, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        var prelude = new NpgsqlBatchCommand(PreludeSql);
        AddPreludeParameters(prelude.Parameters, tenantId);
        var statement = new NpgsqlBatchCommand(sql);
        bind(statement.Parameters);
        await using var batch = new NpgsqlBatch(opened.Connection, transaction) { BatchCommands = { prelude, statement } };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var readOnly = await ReadPreludeAsync(reader, ct);
        await reader.NextResultAsync(ct);
        ThrowIfStandby(readOnly, opened.Source);
        return await read(reader, ct);
    }

    // The actor and request id ride along for the audit trigger (see AuditContext). The same round trip asks
    // whether the server takes writes: a "primary" that does not is a standby behind a stale pooled
    // connection, found before any write commits on it.
    private const string PreludeSql =
        "SELECT set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true), set_config('app.request_id', $3, true), "
        + "current_setting('transaction_read_only') = 'on'";

    private static void AddPreludeParameters(NpgsqlParameterCollection parameters, Guid tenantId)
    {
        var actor = AuditContext.Current;
        parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId.ToString() });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = actor?.Actor ?? "" });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = actor?.RequestId ?? "" });
    }

    private static async Task<bool> ReadPreludeAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        await reader.ReadAsync(ct);
        return reader.GetBoolean(3);
    }

    private static void ThrowIfStandby(bool readOnly, DataSourceKind source)
    {
        if (readOnly && source == DataSourceKind.Primary)
        {
            throw new PostgresException(
                "The primary's address reaches a server that does not take writes (a standby, or a failover in progress).",
                "ERROR", "ERROR", DataUnavailable.ReadOnlyTransaction);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            // A read that returned early, or a failure: nothing to keep.
            _databases.Metrics?.RecordDbCall(_source, _operation, "rollback", Stopwatch.GetElapsedTime(_started));
        }
        await _transaction.DisposeAsync();
        await _opened.DisposeAsync();
    }
}
