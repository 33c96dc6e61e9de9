using System.Globalization;
using System.Text.Json;

namespace Serverless.Core.Review;

/// <summary>
/// A tenant's review rules, kept under <c>"review"</c> in <c>tenants.settings</c>:
/// <c>{"review": {"autoApprove": true, "threshold": 0.85, "bannedTerms": ["guaranteed"], "minLength": 20, "maxLength": 20000}}</c>.
/// Anything missing or malformed falls back to the default, which reviews everything by hand.
/// </summary>
public sealed record ReviewSettings(bool AutoApprove, decimal Threshold, IReadOnlyList<string> BannedTerms, int MinLength, int MaxLength)
{
    public static readonly ReviewSettings Default = new(false, 0.9m, [], 20, 20_000);

    public static ReviewSettings FromTenantSettings(string? settingsJson)
    {
        if (string.IsNullOrWhiteSpace(settingsJson))
        {
            return Default;
        }
        using var document = JsonDocument.Parse(settingsJson);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("review", out var review) || review.ValueKind != JsonValueKind.Object)
        {
            return Default;
        }
        var autoApprove = review.TryGetProperty("autoApprove", out var a) && a.ValueKind == JsonValueKind.True;
        var threshold = review.TryGetProperty("threshold", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetDecimal(out var tv)
            ? Math.Clamp(tv, 0m, 1m) : Default.Threshold;
        var banned = review.TryGetProperty("bannedTerms", out var b) && b.ValueKind == JsonValueKind.Array
            ? b.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!.Trim())
                .Where(s => s.Length > 0).ToList()
            : [];
        var min = Int(review, "minLength", Default.MinLength);
        var max = Int(review, "maxLength", Default.MaxLength);
        return new ReviewSettings(autoApprove, threshold, banned, min, Math.Max(min, max));
    }

    private static int Int(JsonElement parent, string name, int fallback) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i >= 0
            ? i
            : fallback;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"autoApprove={AutoApprove} threshold={Threshold} banned={BannedTerms.Count} length={MinLength}..{MaxLength}");
}
