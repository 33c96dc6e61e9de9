namespace Serverless.Core.Review;

/// <summary>
/// What a reviewer asks of the queue: one status, an order, optional filters (the content item's type and
/// locale, words in the item's or the draft's title) and, after the first page, the cursor that page ended with.
/// </summary>
public sealed record ReviewQuery(
    string Status,
    string Sort = ReviewSort.Confidence,
    int Limit = 50,
    string? Search = null,
    string? Type = null,
    string? Locale = null,
    ReviewCursor? After = null);
