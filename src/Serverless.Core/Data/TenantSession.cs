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
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly Databases _databases;
    private readonly DataSourceKind _source;
    private readonly string _operation;
    private readonly long _started;
    private bool _completed;

    private TenantSession(Databases databases, NpgsqlConnection connection, NpgsqlTransaction transaction, DataSourceKind source, string operation, long started)
    {
        _databases = databases;
        _connection = connection;
        _transaction = transaction;
        _source = source;
        _operation = operation;
        _started = started;
    }

    public static async Task<TenantSession> BeginAsync(
        Databases databases, DataSourceKind source, Guid tenantId, string operation, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var connection = await databases[source].OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            // The actor and request id ride along for the audit trigger (see AuditContext).
            var actor = AuditContext.Current;
            await using (var set = new NpgsqlCommand(
                "SELECT set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true), set_config('app.request_id', $3, true)",
                connection, transaction))
            {
                set.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId.ToString() });
                set.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor?.Actor ?? "" });
                set.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor?.RequestId ?? "" });
                await set.ExecuteNonQueryAsync(ct);
            }
            return new TenantSession(databases, connection, transaction, source, operation, started);
        }
        catch
        {
            databases.Metrics?.RecordDbCall(source, operation, "error", Stopwatch.GetElapsedTime(started));
            await connection.DisposeAsync();
            throw;
        }
    }

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
        await _connection.DisposeAsync();
    }
}
