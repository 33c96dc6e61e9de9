namespace Serverless.Aws.Telemetry;

/// <summary>Traces and the worker's metrics endpoint (docs/observability.md).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Where spans go over OTLP/HTTP (protobuf), e.g. <c>http://collector:4318</c>; <c>/v1/traces</c> is added.
    /// Unset: no tracing at all (no listener, no cost). The standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> also works.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Extra OTLP headers, <c>key=value,key2=value2</c> (a backend's API key).</summary>
    public string? OtlpHeaders { get; set; }

    /// <summary>Share of new traces kept (parent-based: a caller's decision is followed). Error spans are kept regardless.</summary>
    public double SamplingRatio { get; set; } = 1.0;

    /// <summary>How often the batch exporter sends, in milliseconds.</summary>
    public int ExportIntervalMilliseconds { get; set; } = 5000;

    /// <summary><c>deployment.environment</c>; the host's environment name when unset.</summary>
    public string? Environment { get; set; }

    /// <summary>The worker's local Prometheus endpoint (<c>http://127.0.0.1:port/metrics</c>); 0 = off. Never on Lambda (EMF there).</summary>
    public int MetricsPort { get; set; }

    /// <summary>How often the worker samples queue depths and ages for its gauges, in seconds.</summary>
    public int QueueSampleSeconds { get; set; } = 15;

    public bool TracingEnabled(string? standardEndpoint) =>
        !string.IsNullOrWhiteSpace(OtlpEndpoint) || !string.IsNullOrWhiteSpace(standardEndpoint);
}
