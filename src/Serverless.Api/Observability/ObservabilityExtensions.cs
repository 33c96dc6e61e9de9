using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Serverless.Aws.Telemetry;
using Serverless.Core.Telemetry;
using Serverless.Lambda.Runtime;

namespace Serverless.Api.Observability;

public static class ObservabilityExtensions
{
    /// <summary>
    /// JSON logs with scopes (request and tenant ids), metrics scraped as Prometheus text (EMF on Lambda, and
    /// no Prometheus exporter or <c>/metrics</c> there),
    /// and the count of 5xx answers that canary deployments roll back on.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // A request's server span comes from RequestTracingMiddleware, which starts one only for a traced request;
        // hosting's own source ("Microsoft.AspNetCore") is not listened to, because a listener there makes hosting
        // create an Activity for every request, sampled or not (issue 17, docs/observability.md).
        builder.AddPlatformTelemetry("serverless-api", (tracing, options) => tracing
            .AddSource(RequestTracingMiddleware.SourceName)
            .SetSampler(new RequestSampler(options.SamplingRatio)));
        // On Lambda nobody scrapes an instance: the adapter's EMF listener carries the metrics to CloudWatch.
        // No OpenTelemetry meter provider there: its storage for every instrument (and the collections
        // that fills) was a share of the cold start's CPU and memory for an endpoint no one reads.
        if (!LambdaEnvironment.IsLambda(builder.Configuration))
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(CoreMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddPrometheusExporter());
        }
        builder.Services.AddSingleton<ServerErrorMetrics>();
        builder.Services.AddSingleton<IStartupFilter, OutermostObservabilityStartupFilter>();
        return builder;
    }

    public static WebApplication MapMetricsEndpoint(this WebApplication app)
    {
        // Scraped by Prometheus without credentials; it carries no tenant ids (CoreMetrics keeps them out of labels).
        // Not on Lambda, where metrics leave as EMF (AddObservability).
        if (!LambdaEnvironment.IsLambda(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        }
        return app;
    }

    public static WebApplication UseRequestContext(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        return app;
    }

    /// <summary>After authentication: the tenant in every log line, and the actor for the audit trail.</summary>
    public static WebApplication UseTenantScope(this WebApplication app)
    {
        app.UseMiddleware<TenantScopeMiddleware>();
        return app;
    }
}
