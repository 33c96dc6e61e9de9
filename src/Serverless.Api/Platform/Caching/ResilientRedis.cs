using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Serverless.Api.Platform.Caching;

/// <summary>
/// Every Redis call the API makes goes through here: a millisecond-scale wait inside a circuit breaker.
/// Redis is an accelerator, never a dependency, so a slow, failing or open-circuit call returns "no
/// answer" (and is counted) instead of throwing; callers then use the database.
/// </summary>
/// <remarks>
/// The wait is bounded here (<see cref="RedisResilienceOptions.TimeoutMs"/>), not by StackExchange.Redis's own
/// AsyncTimeout, which is only checked on its heartbeat (once a second). Stopping the wait does not withdraw the
/// command: it has been written to the connection and Redis still runs it, late. A call that answers at once costs
/// no timer and no allocation of ours; one that is still out costs one <see cref="Task.WaitAsync(TimeSpan, TimeProvider)"/>.
/// Under load, or in a cold process, answers can come later than the bound because this process did not get the CPU
/// back in time: that opens the breaker too, so commands whose answer nobody needs are sent whenever connected.
/// </remarks>
public sealed partial class ResilientRedis
{
    private readonly RedisConnection _redis;
    private readonly ReadPathMetrics _metrics;
    private readonly ILogger<ResilientRedis> _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly int _breakSeconds;

    public ResilientRedis(RedisConnection redis, IOptions<RedisResilienceOptions> options, ReadPathMetrics metrics, TimeProvider time, ILogger<ResilientRedis> logger)
    {
        _redis = redis;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        var o = options.Value;
        _timeout = TimeSpan.FromMilliseconds(o.TimeoutMs);
        _breakSeconds = o.BreakSeconds;
        Breaker = new CircuitBreaker(o.FailureRatio, o.MinimumThroughput, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(o.BreakSeconds), time);
    }

    /// <summary>The breaker every call goes through (tests read its state).</summary>
    public CircuitBreaker Breaker { get; }

    /// <summary>Runs <paramref name="call"/>; <c>Ok</c> is false when Redis did not answer in time.</summary>
    public ValueTask<(bool Ok, T? Value)> TryAsync<T>(string operation, Func<IDatabase, Task<T>> call, CancellationToken ct = default) =>
        TryAsync(operation, call, static (db, c) => c(db), ct);

    /// <summary>Runs <paramref name="call"/> with <paramref name="state"/> (no closure); <c>Ok</c> is false when Redis did not answer in time.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(bool Ok, T? Value)> TryAsync<TState, T>(
        string operation, TState state, Func<IDatabase, TState, Task<T>> call, CancellationToken ct = default)
    {
        // Until the first connection is made, calls are not attempts that failed: they must not open the breaker.
        if (!_redis.TryGetDatabase(out var db))
        {
            _metrics.RedisUnavailable(operation, "connecting");
            return (false, default);
        }
        if (!Breaker.TryEnter())
        {
            _metrics.RedisUnavailable(operation, "circuit_open");
            return (false, default);
        }
        string reason;
        try
        {
            var task = call(db, state);
            if (!task.IsCompleted)
            {
                await task.WaitAsync(_timeout, _time, ct).ConfigureAwait(false);
            }
            var value = await task.ConfigureAwait(false);
            if (Breaker.Succeeded())
            {
                LogClosed(_logger);
            }
            return (true, value);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Breaker.Abandoned();
            throw;
        }
        catch (Exception e)
        {
            reason = e is TimeoutException ? "timeout" : "error";
        }
        if (Breaker.Failed())
        {
            LogOpened(_logger, _breakSeconds);
        }
        _metrics.RedisUnavailable(operation, reason);
        return (false, default);
    }

    /// <summary>
    /// Sends a command whose answer nobody waits for (<see cref="CommandFlags.FireAndForget"/>): never waits, skipped
    /// before the first connection and while the multiplexer has no connection. True when it was handed to the
    /// connection. Not gated by the breaker: the breaker opens on answers that came too late, which on a busy or cold
    /// process is our own slowness, not Redis's, and a send costs no wait; its outcome is unknown, so it is not counted.
    /// </summary>
    public bool TrySend<TState>(string operation, TState state, Action<IDatabase, TState> send)
    {
        if (!_redis.TryGetDatabase(out var db))
        {
            _metrics.RedisUnavailable(operation, "connecting");
            return false;
        }
        if (!db.Multiplexer.IsConnected)
        {
            _metrics.RedisUnavailable(operation, "disconnected");
            return false;
        }
        try
        {
            send(db, state);
            return true;
        }
        catch (Exception)
        {
            if (Breaker.Failed())
            {
                LogOpened(_logger, _breakSeconds);
            }
            _metrics.RedisUnavailable(operation, "error");
            return false;
        }
    }

    /// <summary>The multiplexer for pub/sub, once it could be reached in time; null otherwise.</summary>
    public async ValueTask<IConnectionMultiplexer?> MultiplexerAsync(CancellationToken ct)
    {
        var (ok, db) = await TryAsync("connect", db => Task.FromResult(db), ct);
        return ok ? db!.Multiplexer : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis circuit opened: serving without Redis for {BreakSeconds} s")]
    private static partial void LogOpened(ILogger logger, int breakSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis circuit closed: Redis is answering again")]
    private static partial void LogClosed(ILogger logger);
}
