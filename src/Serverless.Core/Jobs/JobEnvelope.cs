using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Core.Jobs;

/// <summary>
/// What travels on the queue. The schema version lets a handler read old messages after the payload
/// changes shape; the tenant travels with the job so the handler acts for that tenant only.
/// </summary>
public sealed record JobEnvelope(
    Guid JobId,
    Guid TenantId,
    string Type,
    int SchemaVersion,
    JobPriority Priority,
    JsonElement Payload,
    DateTimeOffset EnqueuedAt)
{
    /// <summary>
    /// The W3C <c>traceparent</c> of the span that asked for the job (stored on the outbox row), or of the
    /// relay span that sent it. It travels as a message attribute, not in the body, like any trace header.
    /// </summary>
    [JsonIgnore]
    public string? TraceParent { get; init; }

    /// <summary>The W3C <c>tracestate</c> that goes with <see cref="TraceParent"/>.</summary>
    [JsonIgnore]
    public string? TraceState { get; init; }
}
