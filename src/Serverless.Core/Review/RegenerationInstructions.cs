namespace Serverless.Core.Review;

/// <summary>
/// The instructions a regeneration job carries: the reviewer's feedback first (it is what must change),
/// then the rejection it follows, if any. Kept within what a drafting request accepts.
/// </summary>
public static class RegenerationInstructions
{
    public const int MaxLength = 2000;

    public static string For(string feedback, string? reasonCategory, string? rejectionComment)
    {
        var text = $"A reviewer asked for a new draft. Their feedback on the previous one: {feedback.Trim()}";
        if (reasonCategory is not null)
        {
            text += $"\nThe previous draft was rejected as '{reasonCategory}'"
                + (string.IsNullOrWhiteSpace(rejectionComment) ? "." : $": {rejectionComment.Trim()}");
        }
        return text.Length > MaxLength ? text[..MaxLength] : text;
    }
}
