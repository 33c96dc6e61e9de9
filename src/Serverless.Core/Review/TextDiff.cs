using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Core.Review;

/// <summary>
/// A word-level diff (whitespace kept, so the runs rebuild both texts exactly): what a reviewer sees and
/// what is stored with an edit. A longest-common-subsequence table is exact and small enough for
/// ordinary articles; past <see cref="MaxCells"/> the diff degrades to "common prefix and suffix, the
/// middle replaced", which is still correct, only coarser.
/// </summary>
public static partial class TextDiff
{
    public const long MaxCells = 4_000_000;

    public static IReadOnlyList<DiffSegment> Words(string before, string after)
    {
        var a = Tokens(before);
        var b = Tokens(after);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }
        var ops = new List<(string Op, string Text)>();
        ops.AddRange(a[..prefix].Select(t => (DiffSegment.Equal, t)));
        var midA = a[prefix..(a.Length - suffix)];
        var midB = b[prefix..(b.Length - suffix)];
        if ((long)midA.Length * midB.Length <= MaxCells)
        {
            ops.AddRange(Lcs(midA, midB));
        }
        else
        {
            ops.AddRange(midA.Select(t => (DiffSegment.Delete, t)));
            ops.AddRange(midB.Select(t => (DiffSegment.Insert, t)));
        }
        ops.AddRange(a[(a.Length - suffix)..].Select(t => (DiffSegment.Equal, t)));
        return Merge(ops);
    }

    /// <summary>Words and the whitespace between them, as separate tokens.</summary>
    public static string[] Tokens(string text) => TokenPattern().Matches(text).Select(m => m.Value).ToArray();

    private static List<(string, string)> Lcs(string[] a, string[] b)
    {
        // lengths[i, j]: the LCS of a[i..] and b[j..], filled from the end so the walk goes forwards.
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }
        var ops = new List<(string, string)>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                ops.Add((DiffSegment.Equal, a[x++]));
                y++;
            }
            else if (lengths[x + 1, y] >= lengths[x, y + 1])
            {
                ops.Add((DiffSegment.Delete, a[x++]));
            }
            else
            {
                ops.Add((DiffSegment.Insert, b[y++]));
            }
        }
        while (x < a.Length)
        {
            ops.Add((DiffSegment.Delete, a[x++]));
        }
        while (y < b.Length)
        {
            ops.Add((DiffSegment.Insert, b[y++]));
        }
        return ops;
    }

    private static List<DiffSegment> Merge(List<(string Op, string Text)> ops)
    {
        var merged = new List<DiffSegment>();
        var text = new StringBuilder();
        string? current = null;
        foreach (var (op, token) in ops)
        {
            if (op != current && current is not null)
            {
                merged.Add(new DiffSegment(current, text.ToString()));
                text.Clear();
            }
            current = op;
            text.Append(token);
        }
        if (current is not null)
        {
            merged.Add(new DiffSegment(current, text.ToString()));
        }
        return merged;
    }

    [GeneratedRegex(@"\s+|[^\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
