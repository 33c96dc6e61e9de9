namespace Serverless.Core.Review;

/// <summary>
/// How one prompt version's drafts fared in one tenant's review. docs/review.md says how to read it.
/// </summary>
/// <param name="Drafts">Drafts that entered review (generated, schema-valid drafts; failed ones never do).</param>
/// <param name="Decided">Drafts a reviewer (or auto-approval) has decided: approved, published, rejected or set aside for regeneration.</param>
/// <param name="AcceptanceRate">Accepted (approved or published, edited or not) over decided; null before any decision.</param>
/// <param name="MeanEditDistance">Mean normalised word edit distance between draft and published text, over published drafts.</param>
/// <param name="MeanEditDistanceAccepted">The same over every accepted draft (publish copies the approved text verbatim).</param>
/// <param name="RejectionReasons">Rejections per reason category.</param>
public sealed record PromptVersionStats(
    string PromptKey,
    int Version,
    int Drafts,
    int InReview,
    int Decided,
    int Accepted,
    int AutoApproved,
    int Edited,
    int Rejected,
    int RegenerationRequested,
    int Published,
    decimal? AcceptanceRate,
    decimal? MeanEditDistance,
    decimal? MeanEditDistanceAccepted,
    IReadOnlyDictionary<string, int> RejectionReasons);
