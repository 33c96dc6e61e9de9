using System.Text.Json;

namespace Serverless.Core.Drafts;

/// <summary>An AI draft of a content item and everything that produced it.</summary>
public sealed record Draft(
    Guid Id,
    Guid ContentId,
    Guid JobId,
    string Status,
    string? Title,
    string? Body,
    JsonElement? Output,
    string? FailureReason,
    bool Repaired,
    string PromptKey,
    int PromptVersion,
    string Provider,
    string Model,
    int InputTokens,
    int OutputTokens,
    int LatencyMs,
    decimal? Confidence,
    DateTimeOffset CreatedAt);
