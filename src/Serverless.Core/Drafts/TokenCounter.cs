using Microsoft.ML.Tokenizers;

namespace Serverless.Core.Drafts;

/// <summary>
/// Counts tokens with the o200k_base encoding (GPT-4o family) where a provider does not report usage:
/// an estimate for other models, but a consistent one, which is what budgets and reports need.
/// </summary>
public sealed class TokenCounter
{
    private readonly Lazy<Tokenizer> _tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public int Count(string text) => text.Length == 0 ? 0 : _tokenizer.Value.CountTokens(text);
}
