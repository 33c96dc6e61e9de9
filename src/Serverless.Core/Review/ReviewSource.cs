namespace Serverless.Core.Review;

/// <summary>What the draft was made from: the content item as it stands and the instructions the job carried.</summary>
public sealed record ReviewSource(
    Guid ContentId, string Type, string Slug, string Locale, string Status, string Title, string Body, string? Instructions);
