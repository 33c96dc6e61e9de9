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
            catch (PostgresException e) when (attempt == 1 && e.SqlState == DataUnavailable.ReadOnlyTransaction && source == DataSourceKind.Primary)
            {
            }
            catch (Exception e) when (attempt == 1 && source == DataSourceKind.Replica && ReplicaFallback.IsReplicaDown(e) && !ct.IsCancellationRequested)
            {
                // A pooled replica connection that died (the replica restarted, or is down) fails on first use,
                // not on open, and leaves the pool: the second attempt opens a fresh one, and if the replica
                // does not answer that, the breaker opens and the read goes wherever a replica read may go.
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
            var transaction = await connection.BeginTransactionAsync(ct);
            // The actor and request id ride along for the audit trigger (see AuditContext). The same round
            // trip asks whether the server takes writes: a "primary" that does not is a standby behind a
            // stale pooled connection, found before any write runs on it.
            var actor = AuditContext.Current;
            bool readOnly;
            await using (var set = new NpgsqlCommand(
                "SELECT set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true), set_config('app.request_id', $3, true), "
                + "current_setting('transaction_read_only') = 'on'",
                connection, transaction))
            {
                set.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId.ToString() });
                set.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor?.Actor ?? "" });
                set.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor?.RequestId ?? "" });
                await using var reader = await set.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                readOnly = reader.GetBoolean(3);
            }
            if (readOnly && opened.Source == DataSourceKind.Primary)
            {
                throw new PostgresException(
                    "The primary's address reaches a server that does not take writes (a standby, or a failover in progress).",
                    "ERROR", "ERROR", DataUnavailable.ReadOnlyTransaction);
            }
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

    public async Task CommitAsync(CancellationToken ct)
    {
        await _transaction.CommitAsync(ct);
        _completed = true;
        _databases.Metrics?.RecordDbCall(_source, _operation, "ok", Stopwatch.GetElapsedTime(_started));
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
