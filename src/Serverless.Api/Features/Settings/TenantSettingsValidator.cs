using Serverless.Core.Content;
using Serverless.Core.Tenants;
using Serverless.Core.Tenants.Settings;
using static Serverless.Core.Tenants.Settings.TenantSettingsRules;

namespace Serverless.Api.Features.Settings;

/// <summary>Every field of a settings replacement checked against <see cref="TenantSettingsRules"/>; errors name the field.</summary>
public static partial class TenantSettingsValidator
{
    public static (TenantSettingsChange? Change, Dictionary<string, string[]> Errors) Validate(TenantSettingsRequest request, bool development)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];

        TenantReviewSettings? review = null;
        if (request.Review is not { } r)
        {
            Error("review", "Required: autoApprove, threshold, minLength and maxLength.");
        }
        else
        {
            if (r.AutoApprove is null)
            {
                Error("review.autoApprove", "Required: true or false.");
            }
            if (r.Threshold is not { } threshold || !IsThreshold(threshold))
            {
                Error("review.threshold", $"Required: {ThresholdRule}.");
            }
            if (r.MinLength is not { } min || !IsMinLength(min))
            {
                Error("review.minLength", $"Required: {MinLengthRule}.");
            }
            if (r.MaxLength is not { } max || !IsMaxLength(max))
            {
                Error("review.maxLength", $"Required: {MaxLengthRule}.");
            }
            else if (r.MinLength is { } least && max < least)
            {
                Error("review.maxLength", "At least minLength.");
            }
            if (!errors.Keys.Any(k => k.StartsWith("review", StringComparison.Ordinal)))
            {
                review = new TenantReviewSettings(r.AutoApprove!.Value, r.Threshold!.Value, r.MinLength!.Value, r.MaxLength!.Value);
            }
        }

        var banned = new List<string>();
        if (request.BannedTerms is not { } terms)
        {
            Error("bannedTerms", "Required: a list of terms ([] for none).");
        }
        else if (terms.Count > MaxBannedTerms)
        {
            Error("bannedTerms", $"At most {MaxBannedTerms} terms.");
        }
        else
        {
            for (var i = 0; i < terms.Count; i++)
            {
                var term = terms[i]?.Trim();
                if (!IsBannedTerm(term))
                {
                    Error($"bannedTerms[{i}]", BannedTermRule);
                }
                else if (!banned.Contains(term, StringComparer.OrdinalIgnoreCase))
                {
                    banned.Add(term);
                }
            }
        }

        PublicCacheSettings? cache = null;
        if (request.PublicCache is not { } c)
        {
            Error("publicCache", "Required: maxAge, sMaxAge, staleWhileRevalidate and staleIfError (seconds).");
        }
        else
        {
            var maxAge = Seconds("publicCache.maxAge", c.MaxAge, MaxBrowserAgeSeconds);
            var sMaxAge = Seconds("publicCache.sMaxAge", c.SMaxAge, MaxEdgeAgeSeconds);
            var swr = Seconds("publicCache.staleWhileRevalidate", c.StaleWhileRevalidate, MaxBrowserAgeSeconds);
            var sie = Seconds("publicCache.staleIfError", c.StaleIfError, MaxEdgeAgeSeconds);
            if (maxAge is { } a && sMaxAge is { } s && swr is { } w && sie is { } e)
            {
                cache = new PublicCacheSettings(a, s, w, e);
            }
        }

        if (!ContentRules.IsLocale(request.DefaultLocale))
        {
            Error("defaultLocale", "Required: a BCP 47 language tag: language, optional script, optional region (en, en-GB, zh-Hant-TW, es-419).");
        }

        var origins = new List<string>();
        if (request.CorsOrigins is not { } wanted)
        {
            Error("corsOrigins", "Required: a list of origins ([] for none).");
        }
        else if (wanted.Count > TenantCors.MaxOrigins)
        {
            Error("corsOrigins", $"At most {TenantCors.MaxOrigins} origins.");
        }
        else
        {
            for (var i = 0; i < wanted.Count; i++)
            {
                var (origin, error) = wanted[i] is { } value ? TenantCors.Normalize(value) : (null, "An origin is scheme://host[:port].");
                if (error is not null)
                {
                    Error($"corsOrigins[{i}]", error);
                }
                else if (!origins.Contains(origin!))
                {
                    origins.Add(origin!);
                }
            }
        }

        string? webhook = null;
        if (request.BudgetWebhookUrl is { } url)
        {
            if (url.Length > MaxUrlChars || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
            {
                Error("budgetWebhookUrl", $"An absolute https URL of at most {MaxUrlChars} characters, without user or fragment.");
            }
            else if (uri.Scheme != Uri.UriSchemeHttps && !(development && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            {
                Error("budgetWebhookUrl", development
                    ? "Must be https (plain http only to this machine, in Development)."
                    : "Must be https.");
            }
            else
            {
                webhook = uri.AbsoluteUri;
            }
        }
        if (request.BudgetWebhookSecret is { } secret)
        {
            if (secret.Length is < MinSecretChars or > MaxSecretChars || !SecretPattern().IsMatch(secret))
            {
                Error("budgetWebhookSecret", $"{MinSecretChars} to {MaxSecretChars} visible ASCII characters, no spaces.");
            }
            else if (request.BudgetWebhookUrl is null)
            {
                Error("budgetWebhookSecret", "A secret needs a budgetWebhookUrl to sign for.");
            }
        }

        if (request.Version is < 1)
        {
            Error("version", "The version you read: 1 or more.");
        }

        return errors.Count > 0 || review is null || cache is null
            ? (null, errors)
            : (new TenantSettingsChange(review, banned, cache, request.DefaultLocale!, origins, webhook, request.BudgetWebhookSecret), errors);

        int? Seconds(string field, int? value, int max)
        {
            if (value is { } v && v >= 0 && v <= max)
            {
                return v;
            }
            Error(field, $"Required: {SecondsRule(max)}.");
            return null;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(SecretRegex, System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SecretPattern();
}
