using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using StackExchange.Redis;

namespace Serverless.Api.Platform.Caching;

/// <summary>
/// Every Redis call the API makes goes through here: a millisecond-scale timeout inside a circuit
/// breaker. Redis is an accelerator, never a dependency, so a slow, failing or open-circuit call
/// returns "no answer" (and is counted) instead of throwing; callers then use the database.
/// </summary>
public sealed partial class ResilientRedis
{
    private readonly RedisConnection _redis;
    private readonly ReadPathMetrics _metrics;
    private readonly ILogger<ResilientRedis> _logger;
    private readonly ResiliencePipeline _pipeline;

    public ResilientRedis(RedisConnection redis, IOptions<RedisResilienceOptions> options, ReadPathMetrics metrics, ILogger<ResilientRedis> logger)
    {
        _redis = redis;
        _metrics = metrics;
        _logger = logger;
        var o = options.Value;
        // Added first, so outermost: timeouts count as failures of the breaker.
        _pipeline = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = o.FailureRatio,
                MinimumThroughput = o.MinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = TimeSpan.FromSeconds(o.BreakSeconds),
                OnOpened = _ => { LogOpened(_logger, o.BreakSeconds); return ValueTask.CompletedTask; },
                OnClosed = _ => { LogClosed(_logger); return ValueTask.CompletedTask; },
            })
            .AddTimeout(TimeSpan.FromMilliseconds(o.TimeoutMs))
            .Build();
    }

    /// <summary>Runs <paramref name="call"/>; <c>Ok</c> is false when Redis did not answer in time.</summary>
    public async ValueTask<(bool Ok, T? Value)> TryAsync<T>(string operation, Func<IDatabase, Task<T>> call, CancellationToken ct = default)
    {
        // Until the first connection is made, calls are not attempts that failed: they must not open the breaker.
        if (!_redis.DatabaseAsync().IsCompletedSuccessfully)
        {
            _metrics.RedisUnavailable(operation, "connecting");
            return (false, default);
        }
        try
        {
            var value = await _pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    // StackExchange.Redis takes no token: stop waiting instead, and let the call finish unobserved.
                    var db = await state.redis.DatabaseAsync().WaitAsync(token);
                    return await state.call(db).WaitAsync(token);
                },
                (redis: _redis, call),
                ct);
            return (true, value);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _metrics.RedisUnavailable(operation, e is BrokenCircuitException ? "circuit_open" : e is Polly.Timeout.TimeoutRejectedException ? "timeout" : "error");
            return (false, default);
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
