using System.Globalization;
using System.Text.RegularExpressions;

namespace Serverless.Core.Review;

/// <summary>
/// The confidence the review workflow acts on: the model's own score, checked by validators.
/// <list type="bullet">
/// <item>Schema invalid (no usable title and body), or any of the tenant's banned terms present: 0.
/// These are never auto-approved, whatever the model thinks.</item>
/// <item>Otherwise the model's score (already discounted ×0.8 by the generator when its first answer needed
/// a repair), or <see cref="UnknownModelScore"/> when the model gave none,</item>
/// <item>halved when the body's length is outside the tenant's bounds,</item>
/// <item>rounded to three decimals (the column's precision).</item>
/// </list>
/// Multiplying keeps the model's ordering among clean drafts, so the queue still puts the least sure first.
/// </summary>
public static class Confidence
{
    /// <summary>A model that does not rate itself is treated as undecided: reviewed unless the threshold is 0.5 or lower.</summary>
    public const decimal UnknownModelScore = 0.5m;

    public const decimal LengthPenalty = 0.5m;

    public static (decimal Score, ConfidenceSignals Signals) Combine(
        decimal? modelScore, string? title, string? body, ReviewSettings settings)
    {
        var schemaValid = !string.IsNullOrWhiteSpace(title) && !string.IsNullOrWhiteSpace(body);
        var length = body?.Length ?? 0;
        var lengthOk = length >= settings.MinLength && length <= settings.MaxLength;
        var banned = BannedTermsIn($"{title}\n{body}", settings.BannedTerms);
        var signals = new ConfidenceSignals(modelScore, schemaValid, length, settings.MinLength, settings.MaxLength, lengthOk, banned);

        if (!schemaValid || banned.Count > 0)
        {
            return (0m, signals);
        }
        var score = Math.Clamp(modelScore ?? UnknownModelScore, 0m, 1m) * (lengthOk ? 1m : LengthPenalty);
        return (Math.Round(score, 3, MidpointRounding.AwayFromZero), signals);
    }

    /// <summary>Auto-approval needs the tenant's consent and a score at or above its threshold.</summary>
    public static bool AutoApproves(decimal score, ReviewSettings settings) => settings.AutoApprove && score >= settings.Threshold;

    /// <summary>Whole-word, case-insensitive matches ("ass" does not flag "class"); each term listed once.</summary>
    public static IReadOnlyList<string> BannedTermsIn(string text, IReadOnlyList<string> terms)
    {
        var found = new List<string>();
        foreach (var term in terms)
        {
            var pattern = string.Create(CultureInfo.InvariantCulture, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(term)}(?![\p{{L}}\p{{N}}])");
            if (Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
                && !found.Contains(term, StringComparer.OrdinalIgnoreCase))
            {
                found.Add(term);
            }
        }
        return found;
    }
}
