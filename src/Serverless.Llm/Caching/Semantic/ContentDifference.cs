namespace Serverless.Llm.Caching.Semantic;

/// <summary>
/// The topic words one request has and the other lacks. The second check on a candidate: every such word
/// must have a close counterpart (by its own embedding) among the other request's topic words, so
/// "poem"/"essay" or "flu"/"cold" stop a hit that the whole-sentence similarity would let through,
/// while "short"/"brief" or "pricing"/"costs" do not.
/// </summary>
public readonly record struct ContentDifference(IReadOnlyList<string> OnlyInA, IReadOnlyList<string> OnlyInB, IReadOnlyList<string> ContentA, IReadOnlyList<string> ContentB)
{
    public bool IsEmpty => OnlyInA.Count == 0 && OnlyInB.Count == 0;

    public static ContentDifference Of(TextFeatures a, TextFeatures b)
    {
        var contentA = Content(a);
        var contentB = Content(b);
        var stemsA = contentA.Select(Stem).ToHashSet(StringComparer.Ordinal);
        var stemsB = contentB.Select(Stem).ToHashSet(StringComparer.Ordinal);
        return new ContentDifference(
            contentA.Where(w => !stemsB.Contains(Stem(w))).ToList(),
            contentB.Where(w => !stemsA.Contains(Stem(w))).ToList(),
            contentA,
            contentB);
    }

    /// <summary>True when each differing word has a counterpart at or above <paramref name="minimum"/>.</summary>
    public bool Aligned(Func<string, float[]> vectorOf, float minimum) =>
        AllHaveCounterpart(OnlyInA, ContentB, vectorOf, minimum) && AllHaveCounterpart(OnlyInB, ContentA, vectorOf, minimum);

    private static bool AllHaveCounterpart(IReadOnlyList<string> words, IReadOnlyList<string> others, Func<string, float[]> vectorOf, float minimum)
    {
        foreach (var word in words)
        {
            var vector = vectorOf(word);
            var best = 0f;
            foreach (var other in others)
            {
                best = MathF.Max(best, CosineSimilarity.Of(vector, vectorOf(other)));
            }
            if (best < minimum)
            {
                return false;
            }
        }
        return true;
    }

    private static List<string> Content(TextFeatures features) =>
        features.Tokens.Where(t => !Lexicon.Unweighted.Contains(t)).Distinct(StringComparer.Ordinal).ToList();

    internal static string Stem(string word) =>
        word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1]
        : word;
}
