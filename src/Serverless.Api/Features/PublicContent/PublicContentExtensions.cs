using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;
using Serverless.Api.Platform.Caching;
using Serverless.Core.Configuration;
using Serverless.Core.PublicContent;

namespace Serverless.Api.Features.PublicContent;

public static class PublicContentExtensions
{
    public const string RateLimitedType = "urn:serverless:problem:rate-limited";

    /// <summary>The public read path: its cache, invalidation and per-IP rate limit.</summary>
    public static WebApplicationBuilder AddPublicContent(this WebApplicationBuilder builder)
    {
        builder.Services.AddClosedOptions<PublicContentOptions>()
            .BindConfiguration(PublicContentOptions.Section)
            .Validate(o => o.FreshSeconds is >= 0 and <= 3600 && o.NegativeSeconds is >= 0 and <= 300 && o.TenantSeconds is >= 0 and <= 3600,
                "PublicContent: FreshSeconds 0 to 3600, NegativeSeconds 0 to 300, TenantSeconds 0 to 3600.")
            .Validate(o => o.KeepSeconds >= o.FreshSeconds && o.KeepSeconds <= 7 * 86400, "PublicContent:KeepSeconds must be at least FreshSeconds and at most 7 days.")
            .Validate(o => o.LocalCacheMegabytes is >= 1 and <= 4096 && o.RateLimitPermits >= 1 && o.RateLimitWindowSeconds is >= 1 and <= 3600,
                "PublicContent: LocalCacheMegabytes 1 to 4096, RateLimitPermits at least 1, RateLimitWindowSeconds 1 to 3600.")
            .ValidateOnStart();
        builder.AddPlatformCaching();
        builder.Services.AddSingleton<PublishedContentReader>();
        builder.Services.AddSingleton<StaleIfErrorCache<PublicTenantEntry>>();
        builder.Services.AddSingleton<StaleIfErrorCache<PublicContentEntry>>();
        builder.Services.AddSingleton<PublicContentService>();
        builder.Services.AddSingleton<PublicRateLimitPartitions>();
        builder.Services.AddSingleton<PublicContentInvalidator>();
        builder.Services.AddSingleton(sp =>
        {
            // Fences must outlive every copy that could predate them.
            var fences = new ReadFences(sp.GetRequiredService<TimeProvider>());
            fences.Lifetime = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<PublicContentOptions>>().Value.KeepSeconds);
            return fences;
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PublicContentEndpoints.RateLimitPolicy, http => http.RequestServices.GetRequiredService<PublicRateLimitPartitions>().For(http));
            limiter.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await MiddlewareProblems.WriteAsync(http, 429, RateLimitedType, "Too many requests", $"This address sent too many requests. Retry after {retryAfter} s.");
            };
        });
        return builder;
    }
}
