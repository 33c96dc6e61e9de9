namespace Serverless.Core.Review;

/// <summary>The queue's orders. Each ends on the draft id, so the order is total and a cursor is exact.</summary>
public static class ReviewSort
{
    /// <summary>Lowest confidence first, then oldest: the drafts most likely to need a person.</summary>
    public const string Confidence = "confidence";

    /// <summary>Longest waiting first.</summary>
    public const string Oldest = "oldest";

    public const string Newest = "newest";

    /// <summary>By the content item's type, then as <see cref="Confidence"/> within a type.</summary>
    public const string Type = "type";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Confidence, Oldest, Newest, Type };
}
