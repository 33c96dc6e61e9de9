using Microsoft.Extensions.Options;
using Serverless.Aws.Telemetry;

namespace Serverless.Api.Observability;

/// <summary>
/// Puts <see cref="ServerErrorMetricsMiddleware"/> in front of everything Program.cs adds and, when tracing is on,
/// <see cref="RequestTracingMiddleware"/> in front of that, so the server span covers the whole request.
/// </summary>
public sealed class OutermostObservabilityStartupFilter(IOptions<TelemetryOptions> telemetry, IConfiguration configuration) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var options = telemetry.Value;
        if (options.TracingEnabled(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            app.UseMiddleware<RequestTracingMiddleware>(options.SamplingRatio);
        }
        app.UseMiddleware<ServerErrorMetricsMiddleware>();
        next(app);
    };
}
