using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Serverless.Api.Platform;
using Serverless.Api.Platform.Caching;
using Serverless.Testing;
using StackExchange.Redis;

namespace Serverless.Api.Tests.Platform.Caching;

/// <summary>
/// The wrapper every Redis call goes through, on the local Redis and a clock the test moves: a call that does not
/// answer in time is given up (the wait is bounded by the clock, not by Redis), failures open the breaker, and an
/// open breaker keeps calls from being made at all.
/// </summary>
public sealed class ResilientRedisTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(50);

    private readonly FakeTimeProvider _clock = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RedisConnection _connection = new(Options.Create(new RedisOptions { Configuration = LocalServices.Redis }));
    private ResilientRedis _redis = null!;

    public async Task InitializeAsync()
    {
        _redis = new ResilientRedis(
            _connection,
            Options.Create(new RedisResilienceOptions { TimeoutMs = (int)Timeout.TotalMilliseconds, MinimumThroughput = 3, FailureRatio = 0.5, BreakSeconds = 5 }),
            new ReadPathMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            _clock,
            NullLogger<ResilientRedis>.Instance);
        await _connection.DatabaseAsync();
    }

    [Fact]
    public async Task ACallThatAnswers_IsOk_WithItsValue()
    {
        var key = $"test:resilient:{Guid.NewGuid():N}";

        var (setOk, _) = await _redis.TryAsync("set", key, static (db, k) => db.StringSetAsync(k, "v", TimeSpan.FromMinutes(1)));
        var (ok, value) = await _redis.TryAsync("get", key, static (db, k) => db.StringGetAsync(k));

        Assert.True(setOk);
        Assert.True(ok);
        Assert.Equal("v", (string?)value);
    }

    [Fact]
    public async Task ACallThatDoesNotAnswer_IsGivenUpOnceTheTimeoutHasPassed()
    {
        var never = new TaskCompletionSource<RedisValue>();

        var call = _redis.TryAsync("get", never, static (_, t) => t.Task).AsTask();
        _clock.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        var stillWaiting = !call.IsCompleted;
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var (ok, _) = await call;

        Assert.True(stillWaiting, "nothing gives up before the timeout");
        Assert.False(ok);
    }

    [Fact]
    public async Task Timeouts_OpenTheBreaker_AndThenNoCallIsMade()
    {
        await TimeOutThreeCalls();
        var made = 0;

        var (ok, _) = await _redis.TryAsync("get", 0, (db, _) => { made++; return db.PingAsync(); });

        Assert.Equal(CircuitState.Open, _redis.Breaker.State);
        Assert.False(ok);
        Assert.Equal(0, made);
    }

    [Fact]
    public async Task WhileTheBreakerIsOpen_ASendStillGoesOut_WhenRedisIsConnected()
    {
        await TimeOutThreeCalls();
        var key = $"test:resilient:{Guid.NewGuid():N}";

        var sent = _redis.TrySend("set", key, static (db, k) => _ = db.StringSetAsync(k, "sent", TimeSpan.FromMinutes(1), flags: CommandFlags.FireAndForget));
        var stored = await (await _connection.DatabaseAsync()).StringGetAsync(key);

        Assert.Equal(CircuitState.Open, _redis.Breaker.State);
        Assert.True(sent, "timeouts say this process was slow, not that Redis is gone: what needs no answer is still sent");
        Assert.Equal("sent", (string?)stored);
    }

    [Fact]
    public async Task AfterTheBreak_AnAnsweringProbeClosesTheBreaker()
    {
        for (var i = 0; i < 3; i++)
        {
            await _redis.TryAsync("get", 0, static (_, _) => Task.FromException<RedisValue>(new RedisException("down")));
        }
        Assert.Equal(CircuitState.Open, _redis.Breaker.State);
        _clock.Advance(TimeSpan.FromSeconds(5));

        var (ok, _) = await _redis.TryAsync("probe", db => db.PingAsync());

        Assert.True(ok);
        Assert.Equal(CircuitState.Closed, _redis.Breaker.State);
    }

    [Fact]
    public async Task TheCallersCancellation_IsThrown_AndIsNotAFailure()
    {
        using var cancel = new CancellationTokenSource();
        var calls = new List<Task>();
        for (var i = 0; i < 3; i++)
        {
            calls.Add(_redis.TryAsync("get", new TaskCompletionSource<RedisValue>(), static (_, t) => t.Task, cancel.Token).AsTask());
        }

        await cancel.CancelAsync();

        foreach (var call in calls)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }
        Assert.Equal(CircuitState.Closed, _redis.Breaker.State);
    }

    [Fact]
    public async Task ASendHandedToTheConnection_ReachesRedis()
    {
        var key = $"test:resilient:{Guid.NewGuid():N}";

        var sent = _redis.TrySend("set", key, static (db, k) => _ = db.StringSetAsync(k, "sent", TimeSpan.FromMinutes(1), flags: CommandFlags.FireAndForget));
        // The same connection runs commands in order: this answer comes after the send was run.
        var (ok, value) = await _redis.TryAsync("get", key, static (db, k) => db.StringGetAsync(k));

        Assert.True(sent);
        Assert.True(ok);
        Assert.Equal("sent", (string?)value);
    }

    private async Task TimeOutThreeCalls()
    {
        for (var i = 0; i < 3; i++)
        {
            var call = _redis.TryAsync("get", new TaskCompletionSource<RedisValue>(), static (_, t) => t.Task).AsTask();
            _clock.Advance(Timeout);
            await call;
        }
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _services.DisposeAsync();
    }
}
