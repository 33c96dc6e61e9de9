namespace Serverless.Core.Review;

/// <summary>One line of the review queue: enough to choose what to work on next.</summary>
public sealed record ReviewQueueItem(
    Guid DraftId,
    Guid ContentId,
    string ContentType,
    string ContentTitle,
    string Status,
    decimal Confidence,
    decimal? ModelScore,
    string PromptKey,
    int PromptVersion,
    string? DraftTitle,
    bool AutoApproved,
    string? ClaimedBy,
    DateTimeOffset? LeaseUntil,
    DateTimeOffset CreatedAt);
