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
/// at most <see cref="RememberedTexts"/> of them; when that many are held they are all forgotten at once.
/// </remarks>
public sealed class TokenCounter
{
    /// <summary>Texts shorter than this are counted each time (the lookup would save little).</summary>
    public const int RememberFromChars = 256;

    public const int RememberedTexts = 512;

    private readonly Lazy<Tokenizer> _tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Count(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }
        if (text.Length < RememberFromChars)
        {
            return _tokenizer.Value.CountTokens(text);
        }
        if (_counts.TryGetValue(text, out var known))
        {
            return known;
        }
        var count = _tokenizer.Value.CountTokens(text);
        if (_counts.Count >= RememberedTexts)
        {
            _counts.Clear();
        }
        _counts[text] = count;
        return count;
    }
}
