using System.Diagnostics;

namespace Serverless.Core.Telemetry;

/// <summary>
/// The platform's own spans (outbox relay, jobs, model calls) and the W3C trace context that carries a
/// trace across the queue. An <see cref="ActivitySource"/> is only a name that listeners subscribe to
/// (OpenTelemetry's TracerProvider in each host): unlike a Meter it holds no per-host state, so one
/// process-wide instance is the .NET convention and what the hosts' providers subscribe to by name.
/// </summary>
public static class PlatformTracing
{
    public const string SourceName = "Serverless";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>The current span's W3C <c>traceparent</c>, or null when nothing is being traced.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The current span's <c>tracestate</c>, if it has one.</summary>
    public static string? CurrentTraceState() => Activity.Current?.TraceStateString;

    /// <summary>A remote parent from a stored or received <c>traceparent</c>; null when absent or malformed.</summary>
    public static ActivityContext? Parse(string? traceParent, string? traceState = null) =>
        !string.IsNullOrEmpty(traceParent) && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context)
            ? context
            : null;

    /// <summary>The <c>traceparent</c> of a span context (version 00).</summary>
    public static string Format(ActivityContext context) =>
        $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{((context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00")}";
}
