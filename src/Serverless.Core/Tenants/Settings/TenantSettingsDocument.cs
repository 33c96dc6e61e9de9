using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Content;
using static Serverless.Core.Tenants.Settings.TenantSettingsRules;

namespace Serverless.Core.Tenants.Settings;

/// <summary>
/// The stored settings document (<c>tenants.settings</c>) as operators change it from the CLI: a JSON merge patch
/// (RFC 7396: keys given replace, <c>null</c> removes, the rest is kept) over what is stored, checked with the
/// rules the API applies before anything is written. A reader falls back to its default for a value out of
/// range; an operator must hear about it instead.
/// </summary>
public static class TenantSettingsDocument
{
    /// <summary>The stored document with the patch applied (neither argument is changed).</summary>
    public static JsonObject Patch(JsonObject stored, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(patch);
        var result = (JsonObject)stored.DeepClone();
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject inner)
            {
                result[key] = Patch(result[key] as JsonObject ?? [], inner);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }
        return result;
    }

    /// <summary>What is wrong with the settings this platform reads, by field (<c>review.threshold</c>); other keys are not checked.</summary>
    public static Dictionary<string, string> Problems(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Section(document, "review", problems) is { } review)
        {
            if (review["autoApprove"] is { } auto && auto.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                problems["review.autoApprove"] = "true or false";
            }
            if (review["threshold"] is { } threshold && !(Decimal(threshold) is { } t && IsThreshold(t)))
            {
                problems["review.threshold"] = ThresholdRule;
            }
            var min = Whole(review["minLength"]);
            if (review["minLength"] is not null && !(min is { } least && IsMinLength(least)))
            {
                problems["review.minLength"] = MinLengthRule;
            }
            if (review["maxLength"] is not null && !(Whole(review["maxLength"]) is { } most && IsMaxLength(most)))
            {
                problems["review.maxLength"] = MaxLengthRule;
            }
            else if (Whole(review["maxLength"]) is { } most2 && min is { } least2 && most2 < least2)
            {
                problems["review.maxLength"] = "at least minLength";
            }
            BannedTerms(review["bannedTerms"], problems);
        }
        if (Section(document, "publicCache", problems) is { } cache)
        {
            foreach (var (field, max) in new[]
            {
                ("maxAge", MaxBrowserAgeSeconds), ("sMaxAge", MaxEdgeAgeSeconds),
                ("staleWhileRevalidate", MaxBrowserAgeSeconds), ("staleIfError", MaxEdgeAgeSeconds),
            })
            {
                if (cache[field] is not null && !(Whole(cache[field]) is { } seconds && seconds >= 0 && seconds <= max))
                {
                    problems[$"publicCache.{field}"] = SecondsRule(max);
                }
            }
        }
        if (document.ContainsKey("defaultLocale") && !ContentRules.IsLocale(Text(document["defaultLocale"])))
        {
            problems["defaultLocale"] = "a BCP 47 language tag: language, optional script, optional region (en, en-GB, zh-Hant-TW, es-419)";
        }
        if (Section(document, "cors", problems) is { } cors && cors["origins"] is { } origins)
        {
            if (origins is not JsonArray list)
            {
                problems["cors.origins"] = "a list of origins";
            }
            else if (list.Count > TenantCors.MaxOrigins)
            {
                problems["cors.origins"] = $"at most {TenantCors.MaxOrigins} origins";
            }
            else
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if ((Text(list[i]) is { } value ? TenantCors.Normalize(value).Error : "an origin is scheme://host[:port]") is { } error)
                    {
                        problems[string.Create(CultureInfo.InvariantCulture, $"cors.origins[{i}]")] = error;
                    }
                }
            }
        }
        return problems;
    }

    private static void BannedTerms(JsonNode? terms, Dictionary<string, string> problems)
    {
        if (terms is null)
        {
            return;
        }
        if (terms is not JsonArray list || list.Count > MaxBannedTerms)
        {
            problems["review.bannedTerms"] = $"a list of at most {MaxBannedTerms} terms";
            return;
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (!IsBannedTerm(Text(list[i])?.Trim()))
            {
                problems[string.Create(CultureInfo.InvariantCulture, $"review.bannedTerms[{i}]")] = BannedTermRule;
            }
        }
    }

    /// <summary>The object under <paramref name="name"/>, null when absent; a problem when it is something else.</summary>
    private static JsonObject? Section(JsonObject document, string name, Dictionary<string, string> problems)
    {
        switch (document[name])
        {
            case null:
                return null;
            case JsonObject section:
                return section;
            default:
                problems[name] = "a JSON object";
                return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static decimal? Decimal(JsonNode node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static int? Whole(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && int.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
}
