namespace Serverless.Core.Review;

/// <summary>
/// Where a draft stands in review. in_review → approved → published; in_review → rejected;
/// in_review or rejected → regeneration_requested (a new draft takes its place). Nothing else.
/// </summary>
public static class ReviewStatus
{
    public const string InReview = "in_review";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string RegenerationRequested = "regeneration_requested";
    public const string Published = "published";

    public static readonly string[] All = [InReview, Approved, Rejected, RegenerationRequested, Published];
}
