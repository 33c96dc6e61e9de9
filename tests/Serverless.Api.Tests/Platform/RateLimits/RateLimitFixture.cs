using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Api.Platform.Caching;
using Serverless.Api.Platform.RateLimits;
using Serverless.Api.Tests.Features.Review;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Platform.RateLimits;

/// <summary>The API with tiny per-tier quotas, its limiter on a hand-moved clock, and Redis connected before the first test.</summary>
public sealed class RateLimitFixture : ApiFixture
{
    public const int StandardQuota = 3;

    public ManualClock Clock { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:WindowSeconds"] = "60",
        ["RateLimits:Tiers:standard:Requests"] = StandardQuota.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(sp => new TenantRateLimiter(
            sp.GetRequiredService<ResilientRedis>(), sp.GetRequiredService<IOptions<RateLimitOptions>>(), Clock));

    public async Task RedisConnectedAsync() =>
        await Services.GetRequiredService<Serverless.Api.Platform.RedisConnection>().DatabaseAsync();
}
