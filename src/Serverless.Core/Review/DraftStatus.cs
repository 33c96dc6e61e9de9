namespace Serverless.Core.Review;

/// <summary>Generated or failed now; review (issue 5) moves drafts on to in_review, approved or rejected.</summary>
public static class DraftStatus
{
    public const string Generated = "generated";
    public const string Failed = "failed";
}
