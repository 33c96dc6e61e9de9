using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Serverless.Api.Platform.Caching;
using StackExchange.Redis;

namespace Serverless.Api.Platform.RateLimits;

/// <summary>
/// A fixed window per tenant, counted in Redis so every instance (every Lambda) shares one count. When
/// Redis does not answer, this instance counts alone: the limit then holds per instance, and a request
/// is never refused because Redis is down.
/// </summary>
public sealed class TenantRateLimiter(ResilientRedis redis, IOptions<RateLimitOptions> options, TimeProvider time)
{
    private const string Increment = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";

    private readonly ConcurrentDictionary<string, int> _local = new(StringComparer.Ordinal);

    public async ValueTask<RateLimitDecision> AcquireAsync(Guid tenantId, string tier, CancellationToken ct)
    {
        var o = options.Value;
        var quota = o.RequestsFor(tier);
        var windowMs = o.WindowSeconds * 1000L;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var start = now / windowMs * windowMs;
        var key = $"rl:{tenantId:N}:{start}";
        var (ok, result) = await redis.TryAsync(
            "ratelimit", (key, windowMs), static (db, s) => db.ScriptEvaluateAsync(Increment, [s.key], [s.windowMs]), ct);
        long count;
        if (ok)
        {
            count = (long)result!;
        }
        else
        {
            if (_local.Count > 10_000)
            {
                _local.Clear();
            }
            count = _local.AddOrUpdate(key, 1, (_, n) => n + 1);
        }
        var reset = (int)Math.Max(1, Math.Ceiling((start + windowMs - now) / 1000.0));
        var policy = string.IsNullOrEmpty(tier) ? "default" : tier;
        return new RateLimitDecision(policy, quota, o.WindowSeconds, (int)Math.Max(0, quota - count), reset, count <= quota);
    }
}
