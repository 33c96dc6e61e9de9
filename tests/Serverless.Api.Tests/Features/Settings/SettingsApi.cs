using System.Net.Http.Json;

namespace Serverless.Api.Tests.Features.Settings;

/// <summary>Shorthands for the settings tests: a whole valid body, with the parts a test changes.</summary>
public static class SettingsApi
{
    public const string Secret = "whsec_test_0123456789abcdef";

    public static Dictionary<string, object?> Body(
        decimal threshold = 0.8m, bool autoApprove = true, string[]? banned = null, int maxAge = 60, int sMaxAge = 300,
        string locale = "en", string[]? origins = null, string? webhook = null, string? secret = null, int? version = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["review"] = new { autoApprove, threshold, minLength = 10, maxLength = 5000 },
            ["bannedTerms"] = banned ?? ["guaranteed"],
            ["publicCache"] = new { maxAge, sMaxAge, staleWhileRevalidate = 30, staleIfError = 3600 },
            ["defaultLocale"] = locale,
            ["corsOrigins"] = origins ?? [],
            ["budgetWebhookUrl"] = webhook,
            ["budgetWebhookSecret"] = secret,
        };
        if (version is { } v)
        {
            body["version"] = v;
        }
        return body;
    }

    public static HttpRequestMessage Put(object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/v1/settings") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }

    public static string ETag(this HttpResponseMessage response) => response.Headers.ETag?.Tag ?? "";
}
