using Serverless.Core.Configuration;
using Serverless.Lambda.Hosting;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Serverless.Api.Features.PublicContent;
using Serverless.Aws.Cdn;
using Serverless.Core.PublicContent;

namespace Serverless.Api.Platform.Caching;

public static class CachingExtensions
{
    /// <summary>
    /// HybridCache over an L1 of its own and the region's Redis as L2 (through the resilient wrapper),
    /// the cross-instance invalidation bus and the CDN invalidator (CloudFront when configured).
    /// </summary>
    public static WebApplicationBuilder AddPlatformCaching(this WebApplicationBuilder builder)
    {
        builder.Services.AddClosedOptions<RedisResilienceOptions>()
            .BindConfiguration(RedisResilienceOptions.Section)
            .Validate(o => o.TimeoutMs is >= 1 and <= 1000, "Redis:Resilience:TimeoutMs must be 1 to 1000: Redis is only worth it when it is fast.")
            .Validate(o => o.BreakSeconds is >= 1 and <= 300 && o.FailureRatio is > 0 and <= 1 && o.MinimumThroughput >= 2,
                "Redis:Resilience: BreakSeconds 1 to 300, FailureRatio in (0, 1], MinimumThroughput at least 2.")
            .ValidateOnStart();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<ReadPathMetrics>();
        builder.Services.AddSingleton<ResilientRedis>();
        builder.Services.AddSingleton(sp => new RedisDistributedCache(
            sp.GetRequiredService<ResilientRedis>(),
            TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<PublicContentOptions>>().Value.KeepSeconds)));
        builder.Services.AddSingleton(BuildHybridCache);
        builder.Services.AddSingleton<CacheInvalidationBus>();
        // On Lambda both start once the first invocation is answered (AddHostedServiceAfterFirstInvocation):
        // an instance that has served nothing has nothing cached to invalidate, and a public read in a
        // secondary region catches up on the primary's invalidations itself (UseRegionRouting).
        builder.Services.AddHostedServiceAfterFirstInvocation(sp => sp.GetRequiredService<CacheInvalidationBus>());
        builder.Services.AddSingleton<ReplicatedInvalidations>();
        builder.Services.AddHostedServiceAfterFirstInvocation<ReplicatedInvalidationsService>();
        builder.Services.AddSingleton<RecordingCdnInvalidator>();
        builder.Services.AddSingleton<ICdnInvalidator>(sp => sp.GetRequiredService<RecordingCdnInvalidator>());
        // In the region that publishes (Cdn:DistributionId set), CloudFront itself replaces the recorder.
        builder.Services.AddCloudFrontInvalidation(builder.Configuration);
        return builder;
    }

    // HybridCache takes its L1 from the container's IMemoryCache, which the API-key cache already uses
    // with an entry-count size limit; HybridCache sizes entries in bytes. So it gets a container of its
    // own, with its own byte-sized L1, our Redis L2 and source-generated serializers.
    private static HybridCache BuildHybridCache(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<PublicContentOptions>>().Value;
        var own = new ServiceCollection();
        own.AddLogging();
        own.AddSingleton(services.GetRequiredService<ILoggerFactory>());
        own.AddSingleton(services.GetRequiredService<TimeProvider>());
        own.AddSingleton<IMemoryCache>(new MemoryCache(new MemoryCacheOptions { SizeLimit = options.LocalCacheMegabytes * 1024L * 1024L }));
        own.AddSingleton<IDistributedCache>(services.GetRequiredService<RedisDistributedCache>());
        own.AddHybridCache(o =>
            {
                o.MaximumPayloadBytes = 1024 * 1024;
                o.MaximumKeyLength = 512;
            })
            .AddSerializer(new JsonCacheSerializer<PublicContentEntry>(ApiJsonContext.Default.PublicContentEntry))
            .AddSerializer(new JsonCacheSerializer<PublicTenantEntry>(ApiJsonContext.Default.PublicTenantEntry));
        // Its reflection-based JSON fallback is not AOT-safe, and every type cached here has a serializer
        // above: without the fallback, caching an unregistered type fails loudly instead (HybridCacheAot.xml).
        foreach (var fallback in own.Where(d => d.ServiceType == typeof(IHybridCacheSerializerFactory)).ToList())
        {
            own.Remove(fallback);
        }
        return own.BuildServiceProvider().GetRequiredService<HybridCache>();
    }
}
