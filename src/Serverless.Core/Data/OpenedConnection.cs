using Npgsql;

namespace Serverless.Core.Data;

/// <summary>An open connection, the source it really reaches, and what to give back when it closes.</summary>
public sealed class OpenedConnection(NpgsqlConnection connection, DataSourceKind source, IDisposable? lease) : IAsyncDisposable
{
    public NpgsqlConnection Connection { get; } = connection;

    public DataSourceKind Source { get; } = source;

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        lease?.Dispose();
    }
}
