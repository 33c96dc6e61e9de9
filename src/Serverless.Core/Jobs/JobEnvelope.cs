using System.Text.Json;

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
    DateTimeOffset EnqueuedAt);
