namespace Serverless.SystemTests.Support;

/// <summary>One span as an OTLP exporter sent it (ids in lowercase hex).</summary>
public sealed record ReceivedSpan(
    string Service,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<(string TraceId, string SpanId)> Links,
    int StatusCode)
{
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;
}
