namespace Serverless.Core.Review;

public sealed class ReviewOptions
{
    public const string Section = "Review";

    /// <summary>How long a claim keeps others off an item; a reviewer who walks away frees it after this.</summary>
    public int LeaseSeconds { get; set; } = 300;
}
