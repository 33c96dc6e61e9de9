namespace Serverless.Core.Review;

/// <summary>What a reviewer changed: the diff of title and body, and how far the result moved from the draft.</summary>
public sealed record DraftEdit(IReadOnlyList<DiffSegment> Title, IReadOnlyList<DiffSegment> Body, decimal EditDistance)
{
    public bool Changed => Title.Any(s => s.Op != DiffSegment.Equal) || Body.Any(s => s.Op != DiffSegment.Equal);

    public static DraftEdit Between(string draftTitle, string draftBody, string finalTitle, string finalBody) => new(
        TextDiff.Words(draftTitle, finalTitle),
        TextDiff.Words(draftBody, finalBody),
        Serverless.Core.Review.EditDistance.Normalised($"{draftTitle}\n{draftBody}", $"{finalTitle}\n{finalBody}"));
}
