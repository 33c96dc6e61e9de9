namespace Serverless.Core.Content;

public enum WriteStatus
{
    Done,
    NotFound,
    VersionConflict,
    Duplicate,
    Archived,
    /// <summary>The attributes are not valid under the type's schema (see <see cref="WriteOutcome.Errors"/>).</summary>
    Invalid,
}

/// <summary>The result of a write: the item as it now stands, or why nothing changed
/// (with the current item where there is one, so the caller can show it).</summary>
public sealed record WriteOutcome(WriteStatus Status, ContentItem? Item = null)
{
    /// <summary>For <see cref="WriteStatus.Invalid"/>: the field errors.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    public static readonly WriteOutcome NotFound = new(WriteStatus.NotFound);
    public static readonly WriteOutcome Duplicate = new(WriteStatus.Duplicate);
}
