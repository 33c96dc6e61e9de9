namespace Serverless.Core.Review;

/// <summary>
/// How far the published text moved from the draft: the Levenshtein distance over words (whitespace
/// ignored, case kept), divided by the longer text's word count. 0 means untouched, 1 means rewritten
/// from scratch. Words rather than characters, because a reviewer's effort is counted in words and the
/// table stays small; past <see cref="MaxCells"/> only the common prefix and suffix are credited,
/// which overstates the distance of a huge, lightly edited text rather than stalling a request.
/// </summary>
public static class EditDistance
{
    public const long MaxCells = 25_000_000;

    public static decimal Normalised(string before, string after)
    {
        var a = Words(before);
        var b = Words(after);
        var longest = Math.Max(a.Length, b.Length);
        if (longest == 0)
        {
            return 0m;
        }
        var distance = (long)a.Length * b.Length <= MaxCells ? Levenshtein(a, b) : Coarse(a, b);
        return Math.Round((decimal)distance / longest, 4, MidpointRounding.AwayFromZero);
    }

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static int Levenshtein(string[] a, string[] b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (string.Equals(a[i - 1], b[j - 1], StringComparison.Ordinal) ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static int Coarse(string[] a, string[] b)
    {
        var same = 0;
        while (same < a.Length && same < b.Length && a[same] == b[same])
        {
            same++;
        }
        var tail = 0;
        while (tail < a.Length - same && tail < b.Length - same && a[^(tail + 1)] == b[^(tail + 1)])
        {
            tail++;
        }
        return Math.Max(a.Length, b.Length) - same - tail;
    }
}
