namespace Serverless.Core.Review;

/// <summary>What the generator produced, before it is stored.</summary>
public sealed record GeneratedDraft(
    string Status,
    string? Title,
    string? Body,
    string? OutputJson,
    string? FailureReason,
    bool Repaired,
    string PromptKey,
    int PromptVersion,
    string Provider,
    string Model,
    int InputTokens,
    int OutputTokens,
    int LatencyMs,
    decimal? Confidence);
