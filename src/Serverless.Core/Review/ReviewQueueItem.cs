namespace Serverless.Core.Review;

/// <summary>
/// One line of the review queue: enough to choose what to work on next. The content item's title, type,
/// slug and locale say what the draft is about (two drafts of one item share them); a regenerated draft
/// names the draft it replaces.
/// </summary>
public sealed record ReviewQueueItem(
    Guid DraftId,
    Guid ContentId,
    string ContentType,
    string ContentTitle,
    string ContentSlug,
    string ContentLocale,
    string Status,
    decimal Confidence,
    decimal? ModelScore,
    string PromptKey,
    int PromptVersion,
    string? DraftTitle,
    bool AutoApproved,
    string? ClaimedBy,
    DateTimeOffset? LeaseUntil,
    Guid? ReplacesDraftId,
    DateTimeOffset CreatedAt);
