using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Serverless.Api.Platform;

/// <summary>
/// One multiplexer per process, connected on first use. Redis being down must never stop the API
/// from starting or serving, so the connection is lazy and does not abort on a failed connect.
/// </summary>
public sealed class RedisConnection(IOptions<RedisOptions> options) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectAsync(options.Value));

    private IDatabase? _database;

    public async Task<IDatabase> DatabaseAsync() => (await _connection.Value).GetDatabase();

    /// <summary>The database without waiting, once the first connection has been made (starting it on first use).</summary>
    public bool TryGetDatabase([NotNullWhen(true)] out IDatabase? database)
    {
        database = _database;
        if (database is null && _connection.Value is { IsCompletedSuccessfully: true } connected)
        {
            database = _database = connected.Result.GetDatabase();
        }
        return database is not null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await (await _connection.Value).DisposeAsync();
        }
    }

    private static Task<ConnectionMultiplexer> ConnectAsync(RedisOptions options)
    {
        var config = ConfigurationOptions.Parse(options.Configuration);
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = 1000;
        config.SyncTimeout = 500;
        config.AsyncTimeout = 500;
        return ConnectionMultiplexer.ConnectAsync(config);
    }
}
