using System.Text.Json;
using Microsoft.Extensions.Caching.Hybrid;
using NpgsqlTypes;
using StackExchange.Redis;

namespace Serverless.Api.Platform.Caching;

/// <summary>
/// Invalidation by tag, for this instance and every other one. Locally it raises a fence at the
/// change's WAL position and drops the tagged entries (L1 and, through HybridCache, L2); then it
/// publishes the same message on a Redis channel, so other instances drop their L1 copies too.
/// If Redis is unreachable the message is lost: other instances then serve their copy until it is
/// no longer fresh (PublicContent:FreshSeconds), which bounds the damage.
/// </summary>
/// <remarks>
/// HybridCache (its own container, L1 and serializers) is resolved on the first invalidation, not when the
/// host starts this service: a cold start that serves no public read never builds it.
/// </remarks>
public sealed partial class CacheInvalidationBus(
    ResilientRedis redis, RedisConnection connection, IServiceProvider services, ReadFences fences, ILogger<CacheInvalidationBus> logger)
    : BackgroundService
{
    private HybridCache? _cache;

    public const string Channel = "sl:cache:invalidate";
    private static readonly RedisChannel ChannelName = RedisChannel.Literal(Channel);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>This instance's name on the channel.</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    /// <summary>True once this instance listens to other instances' invalidations.</summary>
    public bool Subscribed { get; private set; }

    public async Task PublishAsync(IReadOnlyList<string> tags, NpgsqlLogSequenceNumber lsn, CancellationToken ct)
    {
        await ApplyAsync(tags, lsn, ct);
        var message = JsonSerializer.Serialize(new CacheInvalidation(tags, lsn.ToString(), Origin), ApiJsonContext.Default.CacheInvalidation);
        // Nobody waits for PUBLISH's answer (the number of listeners): it is handed to the connection after the
        // tag's time (ApplyAsync), on the same connection, so Redis runs the two in that order. It goes out whenever
        // Redis is connected, breaker or not (ResilientRedis.TrySend).
        if (!redis.TrySend("publish", message, static (db, m) => _ = db.PublishAsync(ChannelName, m, CommandFlags.FireAndForget)))
        {
            LogNotPublished(logger, tags.Count);
        }
    }

    /// <summary>Drops tags here only (fence, L1 and, through HybridCache, L2): for changes other regions made.</summary>
    public Task ApplyLocallyAsync(IReadOnlyList<string> tags, NpgsqlLogSequenceNumber lsn, CancellationToken ct) => ApplyAsync(tags, lsn, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribe once Redis answers; after that StackExchange.Redis re-subscribes by itself on reconnect.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var db = await connection.DatabaseAsync().WaitAsync(RetryDelay, stoppingToken);
                // A first round trip outside the request path, so the first requests do not pay for
                // warming the connection (and time out against the breaker's budget).
                await db.PingAsync().WaitAsync(RetryDelay, stoppingToken);
                var queue = await db.Multiplexer.GetSubscriber().SubscribeAsync(ChannelName);
                queue.OnMessage(OnMessageAsync);
                Subscribed = true;
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSubscribeFailed(logger, e.GetType().Name);
            }
            await Task.Delay(RetryDelay, stoppingToken);
        }
    }

    private async Task OnMessageAsync(ChannelMessage message)
    {
        try
        {
            var invalidation = JsonSerializer.Deserialize((string)message.Message!, ApiJsonContext.Default.CacheInvalidation);
            if (invalidation is null || invalidation.Origin == Origin)
            {
                return;
            }
            // The instance that made the change wrote the tags' times to this Redis: only L1 is ours to drop.
            using (RedisDistributedCache.RepeatOfAnInvalidation())
            {
                await ApplyAsync(invalidation.Tags, NpgsqlLogSequenceNumber.Parse(invalidation.Lsn), CancellationToken.None);
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            LogBadMessage(logger, e.GetType().Name);
        }
    }

    private async Task ApplyAsync(IReadOnlyList<string> tags, NpgsqlLogSequenceNumber lsn, CancellationToken ct)
    {
        foreach (var tag in tags)
        {
            fences.Raise(tag, lsn);
        }
        foreach (var listener in services.GetServices<ITagInvalidationListener>())
        {
            listener.Invalidated(tags, lsn);
        }
        _cache ??= services.GetRequiredService<HybridCache>();
        await _cache.RemoveByTagAsync(tags, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache invalidation of {TagCount} tags not published: Redis unavailable; other instances refresh when their copies go stale")]
    private static partial void LogNotPublished(ILogger logger, int tagCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not yet subscribed to cache invalidations ({ErrorType}); retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed cache invalidation message ({ErrorType})")]
    private static partial void LogBadMessage(ILogger logger, string errorType);
}
