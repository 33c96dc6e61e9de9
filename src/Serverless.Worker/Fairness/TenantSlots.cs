using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Serverless.Worker.Fairness;

/// <summary>
/// Each tenant's running model-calling jobs, as a sorted set in Redis (member: a slot id, score: when its
/// lease ends), so every worker counts against one cap. Taking a slot drops lapsed leases and adds one
/// only under the cap, in one script; the time is Redis's own, so workers' clocks do not matter.
/// When Redis does not answer, the job runs anyway: fairness is lost for a while, never work.
/// </summary>
public sealed partial class TenantSlots(IConnectionMultiplexer redis, IOptions<FairnessOptions> options, ILogger<TenantSlots> logger)
{
    private const string Take = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
        return 1
        """;

    private const string Renew = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        if not redis.call('ZSCORE', KEYS[1], ARGV[2]) then return 0 end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
        return 1
        """;

    /// <summary>A slot under the tenant's <paramref name="cap"/>, or null when the tenant already runs that many.</summary>
    public async Task<TenantSlot?> TryTakeAsync(Guid tenantId, int cap, CancellationToken ct)
    {
        var settings = options.Value;
        var key = (RedisKey)KeyOf(tenantId);
        var slot = Guid.NewGuid().ToString("N");
        var leaseMs = settings.LeaseSeconds * 1000L;
        try
        {
            var db = redis.GetDatabase();
            var taken = (long)await db.ScriptEvaluateAsync(Take, [key], [cap, leaseMs, slot]).WaitAsync(ct);
            if (taken == 0)
            {
                return null;
            }
            return new TenantSlot(
                async token => (long)await db.ScriptEvaluateAsync(Renew, [key], [leaseMs, slot]).WaitAsync(token) == 1,
                () => db.SortedSetRemoveAsync(key, slot),
                TimeSpan.FromMilliseconds(leaseMs / 3.0));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogRedisDown(logger, e.GetType().Name, e.Message);
            return TenantSlot.Unlimited;
        }
    }

    public static string KeyOf(Guid tenantId) => string.Create(CultureInfo.InvariantCulture, $"fair:model-calls:{tenantId:N}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant slots unavailable ({ErrorType}: {ErrorMessage}); running the job without its tenant's cap")]
    private static partial void LogRedisDown(ILogger logger, string errorType, string errorMessage);
}
