using Serverless.Core.Configuration;
using Serverless.Lambda.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Api.Platform.Caching;
using Serverless.Core.Data;

namespace Serverless.Api.Platform.Regions;

public static class RegionExtensions
{
    /// <summary>Region identity, consistency tokens, read routing, the write redirect and the lag metric.</summary>
    public static WebApplicationBuilder AddRegions(this WebApplicationBuilder builder)
    {
        builder.Services.AddClosedOptions<RegionOptions>()
            .BindConfiguration(RegionOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Current) && !string.IsNullOrWhiteSpace(o.Primary), "Region:Current and Region:Primary are required.")
            .Validate<IHostEnvironment>((o, env) => o.IsPrimary || RegionOptions.IsRedirectTarget(o.PrimaryApiUrl, requireHttps: !env.IsDevelopment()),
                "Region:PrimaryApiUrl is required in a secondary region (writes are redirected there) and must be an absolute https URL outside Development.")
            .Validate(o => o.ConsistencyKeyBytes().Length >= 32, "Region:ConsistencyKey must be a base64 key of at least 32 bytes, the same in every region.")
            .Validate(o => string.IsNullOrEmpty(o.PreviousConsistencyKey) || o.PreviousConsistencyKeyBytes().Length >= 32,
                "Region:PreviousConsistencyKey, when set, must be a base64 key of at least 32 bytes (the key before the last rotation).")
            .Validate(o => o.ReplicaWaitMs is >= 0 and <= 1000 && o.LagSampleSeconds is >= 1 and <= 300
                && o.InvalidationPollMs is >= 100 and <= 60_000 && o.InvalidationRetentionMinutes is >= 1 and <= 1440,
                "Region: ReplicaWaitMs 0 to 1000, LagSampleSeconds 1 to 300, InvalidationPollMs 100 to 60000, InvalidationRetentionMinutes 1 to 1440.")
            .ValidateOnStart();
        // A secondary region's "primary" is another region's database: a replica outage there is served
        // from cache or answered 503, never by sending every read across regions (docs/failure-modes.md).
        builder.Services.AddClosedOptions<DatabaseOptions>().Configure<IOptions<RegionOptions>>((database, region) =>
            database.ReplicaFallsBackToPrimary &= region.Value.IsPrimary);
        builder.Services.AddSingleton<ReplicaReads>();
        builder.Services.AddSingleton<ConsistencyTokens>();
        builder.Services.AddSingleton<ConsistentReads>();
        // A gauge only: on Lambda it starts sampling once the first invocation is answered.
        builder.Services.AddHostedServiceAfterFirstInvocation<ReplicaLagMonitor>();
        return builder;
    }

    /// <summary>Names the region on every response, and redirects writes to the primary when this region is not it.</summary>
    public static WebApplication UseRegionRouting(this WebApplication app)
    {
        var region = app.Services.GetRequiredService<IOptions<RegionOptions>>().Value;
        app.Use((context, next) =>
        {
            context.Response.Headers["x-region"] = region.Current;
            return next(context);
        });
        app.UseMiddleware<PrimaryRegionRedirect>();
        if (!region.IsPrimary)
        {
            // A frozen Lambda instance polls nothing: before a public read, catch up on the primary's
            // invalidations if a poll is due, so the staleness bound holds on Lambda too.
            var invalidations = app.Services.GetRequiredService<ReplicatedInvalidations>();
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/public"), branch => branch.Use(async (context, next) =>
            {
                try
                {
                    await invalidations.CatchUpIfDueAsync(context.RequestAborted);
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
                {
                    // The replica is the read source too: the read itself will say what is wrong.
                }
                await next(context);
            }));
        }
        return app;
    }

    /// <summary>Consistency tokens on the writes of a group of endpoints.</summary>
    public static TBuilder WithConsistencyTokens<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, ConsistencyTokenFilter>();
}
