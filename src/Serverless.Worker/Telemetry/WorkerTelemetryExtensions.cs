using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Serverless.Aws.Telemetry;
using Serverless.Core.Budgets;
using Serverless.Core.Telemetry;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;
using Serverless.Worker.Jobs;

namespace Serverless.Worker.Telemetry;

public static class WorkerTelemetryExtensions
{
    /// <summary>
    /// The worker's observability in one call, after <c>AddWorker()</c>: JSON logs with scopes (tenant,
    /// job, trace ids) and one line per job; traces (when an OTLP endpoint is set) continuing each
    /// message's trace; the model calls as GenAI spans with their metrics; queue gauges; and the metrics
    /// served as Prometheus text on <c>Telemetry:MetricsPort</c> locally, as EMF on Lambda.
    /// </summary>
    public static HostApplicationBuilder AddWorkerTelemetry(this HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        builder.AddPlatformTelemetry("serverless-worker");
        var services = builder.Services;
        services.AddSingleton<LlmCallMetrics>();
        services.AddSingleton<QueueMetrics>();
        services.AddSingleton<IPostConfigureOptions<HttpStandardResilienceOptions>, BreakerStateWatcher>();
        DecorateRecordHandler(services);
        DecorateChatClient(services);

        var onLambda = LambdaEnvironment.IsLambda(builder.Configuration);
        var telemetry = new TelemetryOptions();
        builder.Configuration.GetSection(TelemetryOptions.Section).Bind(telemetry);
        var port = telemetry.MetricsPort;
        if (!onLambda)
        {
            services.AddHostedService<QueueStatsSampler>();
        }
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(CoreMetrics.MeterName, "Serverless.*");
            if (!onLambda && port > 0)
            {
                // Loopback only: Prometheus on the same machine scrapes it; nothing else should.
                metrics.AddPrometheusHttpListener(o =>
                {
                    o.Host = "127.0.0.1";
                    o.Port = port;
                    o.ScrapeEndpointPath = "/metrics";
                });
            }
        });
        return builder;
    }

    /// <summary>The job handler, wrapped per message in its span, log scope and outcome line.</summary>
    private static void DecorateRecordHandler(IServiceCollection services)
    {
        services.TryAddScoped<JobMessageHandler>();
        services.Replace(ServiceDescriptor.Scoped<ISqsRecordHandler>(sp => new TracedRecordHandler(
            sp.GetRequiredService<JobMessageHandler>(), sp.GetRequiredService<ILogger<TracedRecordHandler>>())));
    }

    /// <summary>Whatever model chain <c>AddLlm()</c> built, wrapped once more as the outermost link: the GenAI span and call metrics.</summary>
    private static void DecorateChatClient(IServiceCollection services)
    {
        var chain = services.LastOrDefault(d => d.ServiceType == typeof(IChatClient) && d.ServiceKey is null)
            ?? throw new InvalidOperationException("AddWorkerTelemetry() wraps the model chain: call it after AddWorker().");
        var factory = chain.ImplementationFactory
            ?? throw new InvalidOperationException("The model chain is expected to be registered by a factory.");
        services.Remove(chain);
        services.Add(ServiceDescriptor.Describe(typeof(IChatClient), sp => new TracedChatClient(
            (IChatClient)factory(sp), sp.GetRequiredService<LlmCallMetrics>(), sp.GetRequiredService<ICallPricing>(),
            sp.GetRequiredService<TimeProvider>()), chain.Lifetime));
    }
}
