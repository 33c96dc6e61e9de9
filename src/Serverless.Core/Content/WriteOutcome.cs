namespace Serverless.Core.Content;

public enum WriteStatus
{
    Done,
    NotFound,
    VersionConflict,
    Duplicate,
    Archived,
}

/// <summary>The result of a write: the item as it now stands, or why nothing changed
/// (with the current item where there is one, so the caller can show it).</summary>
public sealed record WriteOutcome(WriteStatus Status, ContentItem? Item = null)
{
    public static readonly WriteOutcome NotFound = new(WriteStatus.NotFound);
    public static readonly WriteOutcome Duplicate = new(WriteStatus.Duplicate);
}
