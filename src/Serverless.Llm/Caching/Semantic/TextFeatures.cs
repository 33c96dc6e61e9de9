namespace Serverless.Llm.Caching.Semantic;

/// <summary>
/// What two requests must agree on before one may be served the other's answer, read off the text:
/// embeddings place "why use X" and "why not use X", or "5 tips" and "10 tips", close together,
/// so these are compared exactly instead.
/// </summary>
public sealed class TextFeatures
{
    private TextFeatures(
        IReadOnlyList<string> tokens,
        int negations,
        IReadOnlyList<string> numbers,
        IReadOnlySet<string> temporal,
        IReadOnlySet<string> entities,
        IReadOnlySet<string> locales)
    {
        Tokens = tokens;
        TokenSet = new HashSet<string>(tokens, StringComparer.Ordinal);
        Negations = negations;
        Numbers = numbers;
        Temporal = temporal;
        Entities = entities;
        Locales = locales;
    }

    /// <summary>Lower-cased word tokens, in order.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlySet<string> TokenSet { get; }

    /// <summary>How many negation cues ("not", "n't", "without", "never", "x-free", "non-x").</summary>
    public int Negations { get; }

    /// <summary>Every quantity, sorted: digits as written without separators, number words as digits.</summary>
    public IReadOnlyList<string> Numbers { get; }

    /// <summary>Months, weekdays, seasons and relative days ("tomorrow", "next", "last").</summary>
    public IReadOnlySet<string> Temporal { get; }

    /// <summary>Names, lower-cased: capitalised words that are not common words, acronyms, letter-digit codes.</summary>
    public IReadOnlySet<string> Entities { get; }

    /// <summary>Languages, countries and regions named in the text, in any case.</summary>
    public IReadOnlySet<string> Locales { get; }

    public static TextFeatures Extract(string text)
    {
        var tokens = new List<string>();
        var numbers = new List<string>();
        var temporal = new HashSet<string>(StringComparer.Ordinal);
        var entities = new HashSet<string>(StringComparer.Ordinal);
        var locales = new HashSet<string>(StringComparer.Ordinal);
        var negations = 0;

        foreach (var raw in Split(text))
        {
            var word = raw.Text;
            var lower = word.ToLowerInvariant();
            if (lower.EndsWith("'s", StringComparison.Ordinal) || lower.EndsWith("’s", StringComparison.Ordinal))
            {
                lower = lower[..^2];
                word = word[..^2];
            }
            else if (lower.EndsWith('\'') || lower.EndsWith('’'))
            {
                lower = lower[..^1];
                word = word[..^1];
            }
            if (lower.Length == 0)
            {
                continue;
            }

            if (lower.EndsWith("n't", StringComparison.Ordinal) || lower.EndsWith("n’t", StringComparison.Ordinal) || Lexicon.Negations.Contains(lower))
            {
                negations++;
            }
            else if (raw.AfterHyphen && lower == "free")
            {
                negations++; // "gluten-free" is "without gluten"
            }
            else if (raw.BeforeHyphen && lower == "non")
            {
                negations++;
            }

            if (char.IsAsciiDigit(lower[0]))
            {
                var digits = NormaliseNumber(lower);
                numbers.Add(digits.Number);
                if (digits.Suffix.Length > 0 && !Lexicon.NumberSuffixes.Contains(digits.Suffix))
                {
                    entities.Add(lower); // "3d", "4k", "5g": a code, not a quantity
                }
            }
            else if (Lexicon.NumberWords.TryGetValue(lower, out var value))
            {
                numbers.Add(value);
            }

            if (Lexicon.Temporal.Contains(lower))
            {
                temporal.Add(lower);
            }
            // "it", "us", "de" are words as often as codes: short codes count in capitals only ("US", "DE").
            if (Lexicon.Locales.Contains(lower) && (lower.Length > 3 || word.All(char.IsUpper)))
            {
                locales.Add(lower);
            }
            if (IsEntity(word, lower))
            {
                entities.Add(lower);
            }
            tokens.Add(lower);
        }

        numbers.Sort(StringComparer.Ordinal);
        return new TextFeatures(tokens, negations, numbers, temporal, entities, locales);
    }

    private static bool IsEntity(string word, string lower)
    {
        if (word.Length == 0 || Lexicon.Locales.Contains(lower) || Lexicon.Temporal.Contains(lower))
        {
            return false; // compared by their own guards
        }
        var hasLetter = false;
        var hasDigit = false;
        var upper = 0;
        foreach (var c in word)
        {
            hasLetter |= char.IsLetter(c);
            hasDigit |= char.IsAsciiDigit(c);
            upper += char.IsUpper(c) ? 1 : 0;
        }
        if (hasLetter && hasDigit && char.IsLetter(word[0]))
        {
            return true; // "S3", "Z6", "Q1", "EC2"
        }
        if (!hasLetter || !char.IsUpper(word[0]))
        {
            return false;
        }
        if (upper >= 2)
        {
            return true; // "AWS", "iPhone" is caught below, "TypeScript"
        }
        return !Lexicon.CommonWords.Contains(lower);
    }

    private static (string Number, string Suffix) NormaliseNumber(string token)
    {
        var end = 0;
        var digits = new System.Text.StringBuilder();
        while (end < token.Length && (char.IsAsciiDigit(token[end]) || token[end] is '.' or ','))
        {
            if (token[end] != ',')
            {
                digits.Append(token[end]);
            }
            end++;
        }
        var number = digits.ToString().TrimEnd('.').TrimStart('0');
        return (number.Length == 0 ? "0" : number, token[end..]);
    }

    private readonly record struct RawToken(string Text, bool BeforeHyphen, bool AfterHyphen);

    private static List<RawToken> Split(string text)
    {
        var result = new List<RawToken>();
        var start = -1;
        var afterHyphen = false;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var inWord = char.IsLetterOrDigit(c)
                || (c is '\'' or '’' && start >= 0)
                || (c is '.' or ',' && start >= 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i - 1]));
            if (inWord)
            {
                if (start < 0)
                {
                    start = i;
                }
                continue;
            }
            if (start >= 0)
            {
                var beforeHyphen = c == '-' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]);
                result.Add(new RawToken(text[start..i], beforeHyphen, afterHyphen));
                start = -1;
                afterHyphen = beforeHyphen;
            }
            else
            {
                afterHyphen = false;
            }
        }
        return result;
    }
}
