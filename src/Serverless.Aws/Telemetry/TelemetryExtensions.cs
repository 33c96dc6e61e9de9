using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serverless.Core.Configuration;
using Serverless.Core.Telemetry;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Tracing;

namespace Serverless.Aws.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// What both hosts share: the resource every span and metric series carries (<c>service.name</c> and
    /// version, <c>deployment.environment</c>, <c>cloud.region</c>), and, when an OTLP endpoint is configured,
    /// tracing of our own spans, Npgsql, Redis and outgoing HTTP (which includes the AWS SDK's calls),
    /// exported over OTLP/HTTP. On Lambda every invocation ends with a flush, because a frozen process
    /// exports nothing. Without an endpoint no tracer is registered: nothing listens, nothing is recorded.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformTelemetry(
        this IHostApplicationBuilder builder, string serviceName, Action<TracerProviderBuilder, TelemetryOptions>? tracing = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new TelemetryOptions();
        builder.Configuration.GetSection(TelemetryOptions.Section).Bind(options);
        builder.Services.AddClosedOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section)
            .Validate(o => o.SamplingRatio is >= 0 and <= 1, "Telemetry:SamplingRatio is between 0 and 1.")
            .Validate(o => o.MetricsPort is >= 0 and <= 65535 && o.ExportIntervalMilliseconds >= 1 && o.QueueSampleSeconds >= 1,
                "Telemetry:MetricsPort, ExportIntervalMilliseconds or QueueSampleSeconds is out of range.")
            .ValidateOnStart();

        var environment = options.Environment ?? builder.Environment.EnvironmentName;
        var region = builder.Configuration["AWS_REGION"] ?? builder.Configuration["Region:Name"] ?? "local";
        var otel = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource
            .AddService(serviceName, serviceVersion: Version(), autoGenerateServiceInstanceId: true)
            .AddAttributes(
            [
                new("deployment.environment", environment),
                new("deployment.environment.name", environment),
                new("cloud.provider", "aws"),
                new("cloud.region", region),
            ]));

        var standardEndpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!options.TracingEnabled(standardEndpoint))
        {
            return builder;
        }
        otel.WithTracing(t =>
        {
            t.SetSampler(new ErrorKeepingSampler(options.SamplingRatio))
                .AddSource(PlatformTracing.SourceName, LambdaTracing.SourceName)
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddRedisInstrumentation()
                .AddProcessor(new KeepErrorsProcessor());
            // A host's own sources and sampler (the API's requests), given the options it was bound with.
            tracing?.Invoke(t, options);
            t.AddOtlpExporter(exporter =>
            {
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                var endpoint = (options.OtlpEndpoint ?? standardEndpoint!).TrimEnd('/');
                exporter.Endpoint = new Uri(endpoint.EndsWith("/v1/traces", StringComparison.Ordinal) ? endpoint : endpoint + "/v1/traces");
                if (!string.IsNullOrWhiteSpace(options.OtlpHeaders))
                {
                    exporter.Headers = options.OtlpHeaders;
                }
                exporter.ExportProcessorType = ExportProcessorType.Batch;
                exporter.BatchExportProcessorOptions.ScheduledDelayMilliseconds = options.ExportIntervalMilliseconds;
            });
        });
        if (LambdaEnvironment.IsLambda(builder.Configuration))
        {
            builder.Services.AddSingleton<IInvocationListener, TraceFlushListener>();
        }
        return builder;
    }

    private static string Version()
    {
        var assembly = Assembly.GetEntryAssembly();
        var informational = assembly?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational ?? assembly?.GetName().Version?.ToString() ?? "0.0.0";
    }
}
