namespace Serverless.Core.Review;

/// <summary>One page of the queue and the cursor of the next (null on the last page).</summary>
public sealed record ReviewPage(IReadOnlyList<ReviewQueueItem> Items, string? NextCursor);
