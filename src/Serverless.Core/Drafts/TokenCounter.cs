using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace Serverless.Core.Drafts;

/// <summary>
/// Counts tokens with the o200k_base encoding (GPT-4o family) where a provider does not report usage:
/// an estimate for other models, but a consistent one, which is what budgets and reports need.
/// </summary>
/// <remarks>
/// The tokenizer is loaded once per instance (register one per process). Counting is O(text) each time, and a
/// worker's call counts the same long texts again and again: the prompt version's system prompt on every call,
/// and each message twice (the router's estimate, then the budget's reservation). So the counts of long texts
/// are remembered, keyed by the text itself (a lookup hashes and compares it, far cheaper than tokenizing it),
/// at most <see cref="RememberedTexts"/> of them and <see cref="RememberedCharsLimit"/> characters in all (the
/// texts are held, so the limit is on memory, not only on entries); when either is reached they are all
/// forgotten at once. A text longer than <see cref="RememberUpToChars"/> is counted each time.
/// </remarks>
public sealed class TokenCounter
{
    /// <summary>Texts shorter than this are counted each time (the lookup would save little).</summary>
    public const int RememberFromChars = 256;

    public const int RememberedTexts = 512;

    /// <summary>Longer texts (a whole article to rewrite) are counted each time: they rarely repeat, and are large.</summary>
    public const int RememberUpToChars = 65_536;

    /// <summary>At most this many characters held in all (2 MiB of strings).</summary>
    public const long RememberedCharsLimit = 1_048_576;

    private long _rememberedChars;

    /// <summary>The characters of the texts whose counts are held now.</summary>
    public long RememberedChars => Interlocked.Read(ref _rememberedChars);

    private readonly Lazy<Tokenizer> _tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Count(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }
        if (text.Length is < RememberFromChars or > RememberUpToChars)
        {
            return _tokenizer.Value.CountTokens(text);
        }
        if (_counts.TryGetValue(text, out var known))
        {
            return known;
        }
        var count = _tokenizer.Value.CountTokens(text);
        if (_counts.Count >= RememberedTexts || RememberedChars + text.Length > RememberedCharsLimit)
        {
            lock (_counts)
            {
                _counts.Clear();
                Interlocked.Exchange(ref _rememberedChars, 0);
            }
        }
        if (_counts.TryAdd(text, count))
        {
            Interlocked.Add(ref _rememberedChars, text.Length);
        }
        return count;
    }
}
