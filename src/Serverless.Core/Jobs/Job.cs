using System.Text.Json;

namespace Serverless.Core.Jobs;

/// <summary>A job as the tenant sees it: what it is, where it got to, and why it last failed.</summary>
public sealed record Job(
    Guid Id,
    string Type,
    string Priority,
    string Status,
    int Attempts,
    string? LastError,
    JsonElement? Result,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? CompletedAt);
