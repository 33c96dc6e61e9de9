using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Serverless.Core.Data;

namespace Serverless.Api.Platform.Regions;

public static class RegionExtensions
{
    /// <summary>Region identity, consistency tokens, read routing, write forwarding and the lag metric.</summary>
    public static WebApplicationBuilder AddRegions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RegionOptions>()
            .BindConfiguration(RegionOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Current) && !string.IsNullOrWhiteSpace(o.Primary), "Region:Current and Region:Primary are required.")
            .Validate(o => o.IsPrimary || Uri.TryCreate(o.PrimaryApiUrl, UriKind.Absolute, out _), "Region:PrimaryApiUrl is required in a secondary region: writes are forwarded there.")
            .Validate(o => o.ConsistencyKeyBytes().Length >= 32, "Region:ConsistencyKey must be a base64 key of at least 32 bytes, the same in every region.")
            .Validate(o => string.IsNullOrEmpty(o.PreviousConsistencyKey) || o.PreviousConsistencyKeyBytes().Length >= 32,
                "Region:PreviousConsistencyKey, when set, must be a base64 key of at least 32 bytes (the key before the last rotation).")
            .Validate(o => o.ReplicaWaitMs is >= 0 and <= 1000 && o.LagSampleSeconds is >= 1 and <= 300 && o.ForwardTimeoutSeconds is >= 1 and <= 60,
                "Region: ReplicaWaitMs 0 to 1000, LagSampleSeconds 1 to 300, ForwardTimeoutSeconds 1 to 60.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ReplicaReads>();
        builder.Services.AddSingleton<ConsistencyTokens>();
        builder.Services.AddSingleton<ConsistentReads>();
        builder.Services.AddHostedService<ReplicaLagMonitor>();

        builder.Services.AddHttpClient(WriteForwardingMiddleware.ClientName, (sp, client) =>
            {
                if (sp.GetRequiredService<IOptions<RegionOptions>>().Value.PrimaryApiUrl is { Length: > 0 } url)
                {
                    client.BaseAddress = new Uri(url);
                }
                client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline owns time
            })
            .AddResilienceHandler("forward-writes", (pipeline, context) =>
            {
                var region = context.ServiceProvider.GetRequiredService<IOptions<RegionOptions>>().Value;
                pipeline.AddTimeout(TimeSpan.FromSeconds(region.ForwardTimeoutSeconds));
                // Retried only when the primary surely did nothing (it could not be reached, or said 503
                // before doing the work); the idempotency key covers the rest.
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    ShouldHandle = args => ValueTask.FromResult(
                        args.Outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
                        || args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable),
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions { BreakDuration = TimeSpan.FromSeconds(5) });
                pipeline.AddTimeout(TimeSpan.FromSeconds(Math.Max(1, region.ForwardTimeoutSeconds / 2)));
            });
        return builder;
    }

    /// <summary>Names the region on every response, and forwards writes when this region is not the primary.</summary>
    public static WebApplication UseRegionRouting(this WebApplication app)
    {
        var region = app.Services.GetRequiredService<IOptions<RegionOptions>>().Value;
        app.Use((context, next) =>
        {
            context.Response.Headers["x-region"] = region.Current;
            return next(context);
        });
        app.UseMiddleware<WriteForwardingMiddleware>();
        return app;
    }

    /// <summary>Consistency tokens on the writes of a group of endpoints.</summary>
    public static TBuilder WithConsistencyTokens<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, ConsistencyTokenFilter>();
}
