namespace Serverless.Core.Review;

/// <summary>
/// What the draft was made from: the content item's title and body (its notes) as they were when the draft
/// was asked for (<see cref="DraftedFromVersion"/>; publishing later overwrites them in the item), the item's
/// current status and version, and the instructions the job carried.
/// </summary>
public sealed record ReviewSource(
    Guid ContentId, string Type, string Slug, string Locale, string Status, string Title, string Body, string? Instructions,
    int? DraftedFromVersion, int CurrentVersion);
