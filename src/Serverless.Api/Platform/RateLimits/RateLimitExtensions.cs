using Serverless.Core.Configuration;

namespace Serverless.Api.Platform.RateLimits;

public static class RateLimitExtensions
{
    /// <summary>Per-tenant request limits by tier (the /public per-address limit is the public read path's own).</summary>
    public static WebApplicationBuilder AddTenantRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddClosedOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.WindowSeconds is >= 1 and <= 3600 && o.DefaultRequests >= 1 && o.Tiers.Values.All(t => t.Requests >= 1),
                "RateLimits: WindowSeconds 1 to 3600, DefaultRequests and every Tiers:<tier>:Requests at least 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TenantRateLimiter>();
        return builder;
    }

    public static WebApplication UseTenantRateLimits(this WebApplication app)
    {
        app.UseMiddleware<TenantRateLimitMiddleware>();
        return app;
    }
}
