using Serverless.Core.Content;
using Serverless.Core.Jobs;

namespace Serverless.Core.Review;

/// <summary>
/// The result of a review action: the draft as it now stands, or why nothing changed. A publish also
/// returns the content item it changed and the tenant's slug, for the caller to invalidate public caches;
/// a regeneration returns the job it committed, for the caller to publish at once.
/// </summary>
public sealed record ReviewOutcome(
    ReviewResult Result, string? Detail = null, ReviewDetail? Review = null, ContentItem? Content = null, string? TenantSlug = null,
    JobEnvelope? Job = null)
{
    public static readonly ReviewOutcome NotFound = new(ReviewResult.NotFound);

    public static ReviewOutcome Illegal(string detail) => new(ReviewResult.IllegalTransition, detail);

    public static ReviewOutcome Lease(string detail) => new(ReviewResult.LeaseConflict, detail);
}
