namespace Serverless.Core.Review;

/// <summary>The item view: the draft, its source, where its review stands and everything decided so far.</summary>
public sealed record ReviewDetail(
    Guid DraftId,
    string Status,
    decimal Confidence,
    ConfidenceSignals Signals,
    bool AutoApproved,
    string PromptKey,
    int PromptVersion,
    string Provider,
    string Model,
    string DraftTitle,
    string DraftBody,
    ReviewSource Source,
    string? ClaimedBy,
    DateTimeOffset? LeaseUntil,
    string? FinalTitle,
    string? FinalBody,
    DraftEdit? Edit,
    string? ReasonCategory,
    string? Comment,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    Guid? RegenerationJobId,
    int? PublishedVersion,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ReviewEvent> History);
