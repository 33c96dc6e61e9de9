using System.Text.Json;

namespace Serverless.Core.PublicContent;

/// <summary>
/// What a tenant decides about its public pages: the locale served when none is asked for, and how
/// long browsers and CloudFront may keep a page (seconds). Read from <c>tenants.settings</c>:
/// <c>{"defaultLocale":"en","publicCache":{"maxAge":60,"sMaxAge":300,"staleWhileRevalidate":60,"staleIfError":86400}}</c>.
/// Missing or out-of-range values fall back to the defaults, so a bad setting cannot break the page.
/// </summary>
public sealed record PublicSettings(string DefaultLocale, int MaxAge, int SMaxAge, int StaleWhileRevalidate, int StaleIfError)
{
    public const string FallbackLocale = "en";
    private const int MaxSeconds = 7 * 24 * 3600;

    public static readonly PublicSettings Default = new(FallbackLocale, 60, 300, 60, 86400);

    public static PublicSettings FromJson(string? settingsJson)
    {
        if (string.IsNullOrWhiteSpace(settingsJson))
        {
            return Default;
        }
        using var document = JsonDocument.Parse(settingsJson);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Default;
        }
        var locale = root.TryGetProperty("defaultLocale", out var l) && l.ValueKind == JsonValueKind.String
            && Content.ContentRules.IsLocale(l.GetString()) ? l.GetString()! : Default.DefaultLocale;
        var cache = root.TryGetProperty("publicCache", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        return new PublicSettings(
            locale,
            Seconds(cache, "maxAge", Default.MaxAge),
            Seconds(cache, "sMaxAge", Default.SMaxAge),
            Seconds(cache, "staleWhileRevalidate", Default.StaleWhileRevalidate),
            Seconds(cache, "staleIfError", Default.StaleIfError));
    }

    private static int Seconds(JsonElement cache, string name, int fallback) =>
        cache.ValueKind == JsonValueKind.Object && cache.TryGetProperty(name, out var v)
            && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var seconds) && seconds is >= 0 and <= MaxSeconds
            ? seconds
            : fallback;
}
