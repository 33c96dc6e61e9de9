namespace Serverless.Llm.Caching.Semantic;

/// <summary>
/// The checks a semantic candidate must pass besides its similarity. Each returns the name of the
/// first guard that disagrees, or null when the two requests may share an answer.
/// </summary>
public static class SemanticGuards
{
    public const string Negation = "negation";
    public const string Numbers = "numbers";
    public const string Dates = "dates";
    public const string Entities = "entities";
    public const string Locale = "locale";
    public const string Opposites = "opposites";

    private static readonly string[] NegatingPrefixes = ["un", "non", "dis", "in", "im", "ir", "il", "anti"];

    public static string? FirstDisagreement(TextFeatures a, TextFeatures b)
    {
        if (a.Negations != b.Negations)
        {
            return Negation;
        }
        if (!a.Numbers.SequenceEqual(b.Numbers, StringComparer.Ordinal))
        {
            return Numbers;
        }
        if (!a.Temporal.SetEquals(b.Temporal))
        {
            return Dates;
        }
        if (!a.Locales.SetEquals(b.Locales))
        {
            return Locale;
        }
        if (!EntitiesAppearIn(a, b) || !EntitiesAppearIn(b, a))
        {
            return Entities;
        }
        if (OnOppositePoles(a, b))
        {
            return Opposites;
        }
        return null;
    }

    // A name must be in the other text too, in whatever case ("Stoic" and "stoic" agree).
    private static bool EntitiesAppearIn(TextFeatures from, TextFeatures other)
    {
        foreach (var entity in from.Entities)
        {
            // A plural is the same name ("REST API" and "REST APIs").
            if (!other.TokenSet.Contains(entity) && !other.TokenSet.Contains(entity + "s")
                && !(entity.EndsWith('s') && other.TokenSet.Contains(entity[..^1])))
            {
                return false;
            }
        }
        return true;
    }

    private static bool OnOppositePoles(TextFeatures a, TextFeatures b)
    {
        foreach (var (left, right) in Lexicon.Opposites)
        {
            var aLeft = a.TokenSet.Overlaps(left);
            var aRight = a.TokenSet.Overlaps(right);
            var bLeft = b.TokenSet.Overlaps(left);
            var bRight = b.TokenSet.Overlaps(right);
            if ((aLeft && !aRight && bRight && !bLeft) || (aRight && !aLeft && bLeft && !bRight))
            {
                return true;
            }
        }
        return PrefixNegated(a, b) || PrefixNegated(b, a);
    }

    // "safe" against "unsafe", "like" against "dislike": a word whose negated form is only in the other text.
    private static bool PrefixNegated(TextFeatures a, TextFeatures b)
    {
        foreach (var word in a.TokenSet)
        {
            if (word.Length < 4 || b.TokenSet.Contains(word))
            {
                continue;
            }
            foreach (var prefix in NegatingPrefixes)
            {
                var negated = prefix + word;
                if (b.TokenSet.Contains(negated) && !a.TokenSet.Contains(negated))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
