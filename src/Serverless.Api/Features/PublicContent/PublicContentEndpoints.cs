using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;
using Serverless.Api.Platform.Caching;
using Serverless.Api.Platform.OpenApi;
using Serverless.Api.Platform.Regions;
using Serverless.Core.Content;
using Serverless.Core.Data;

namespace Serverless.Api.Features.PublicContent;

/// <summary>
/// <c>GET /public/{tenantSlug}/{type}/{slug}</c>: published content for end users, anonymous and
/// rate-limited per client IP, with the HTTP caching headers CloudFront and browsers need.
/// </summary>
public static class PublicContentEndpoints
{
    public const string RateLimitPolicy = "public-per-ip";

    public static WebApplication MapPublicContentEndpoints(this WebApplication app)
    {
        // Both services are singletons, taken from the application's provider on first use: bound as parameters they
        // would come from the request's services, which creates (and at the end disposes) a DI scope for every hit,
        // the one thing a cached hit needed a scope for (issue 17).
        var services = app.Services;
        PublicContentService? content = null;
        ConsistentReads? consistent = null;
        app.MapGet("/public/{tenantSlug}/{type}/{slug}", (string tenantSlug, string type, string slug, [FromQuery] string? locale, HttpContext http, CancellationToken ct) =>
                Get(tenantSlug, type, slug, locale, http,
                    content ??= services.GetRequiredService<PublicContentService>(), consistent ??= services.GetRequiredService<ConsistentReads>(), ct))
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .WithTags("Public")
            .WithName("getPublicContent").WithSummary("A published item, as end users read it")
            .Produces<PublicItem>(StatusCodes.Status200OK)
            .Declares(400, ProblemTypes.Validation).Declares(404, ProblemTypes.NotFound);
        return app;
    }

    public static async Task<IResult> Get(
        string tenantSlug, string type, string slug, [FromQuery] string? locale,
        HttpContext http, PublicContentService service, ConsistentReads reads, CancellationToken ct)
    {
        if (locale is not null && !ContentRules.IsLocale(locale))
        {
            NoStore(http);
            return Problems.Invalid(new Dictionary<string, string[]> { ["locale"] = ["Not a language tag such as \"en\" or \"en-GB\"."] });
        }
        var required = reads.RequiredBy(http);
        if (!ContentRules.IsSlug(tenantSlug) || tenantSlug.Length > 63 || !ContentRules.IsType(type) || !ContentRules.IsSlug(slug))
        {
            // A name that cannot exist: not found, without asking anyone.
            return NotFound(http, null, null);
        }

        var answer = await service.GetAsync(tenantSlug, type, slug, locale, required, ct);
        var entry = answer.Entry;
        var headers = http.Response.Headers;
        headers["x-cache"] = answer.Outcome.Header();
        if (answer.Source is { } source)
        {
            headers["x-read-source"] = source == DataSourceKind.Primary ? "primary" : "replica";
        }
        if (!entry.Found)
        {
            return NotFound(http, answer.Outcome, (tenantSlug, type, slug));
        }

        headers.ETag = entry.ETag;
        headers["Surrogate-Key"] = entry.SurrogateKeys(tenantSlug, type, slug);
        if (answer.Outcome == CacheOutcome.Bypass)
        {
            // Fresh for this reader only: a shared cache must not hand it to others, or keep it.
            NoStore(http);
        }
        else
        {
            headers.CacheControl = entry.CacheControl;
        }
        return PublicETags.Matches(http.Request.Headers.IfNoneMatch, entry.ETag!)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : entry.Answer;
    }

    private static IResult NotFound(HttpContext http, CacheOutcome? outcome, (string Tenant, string Type, string Slug)? item)
    {
        // Remembered briefly everywhere, so a flood of requests for a missing page stays cheap, and a
        // page published a moment later appears soon.
        var seconds = http.RequestServices.GetRequiredService<IOptions<PublicContentOptions>>().Value.NegativeSeconds;
        http.Response.Headers.CacheControl = outcome == CacheOutcome.Bypass
            ? "private, no-store"
            : string.Create(CultureInfo.InvariantCulture, $"public, max-age={seconds}, s-maxage={seconds}");
        if (item is { } i)
        {
            http.Response.Headers["Surrogate-Key"] = PublicCacheKeys.SurrogateKeys(i.Tenant, i.Type, i.Slug);
        }
        return TypedResults.Problem(statusCode: 404, type: ProblemTypes.NotFound, title: "Not found", detail: "No published content at this address.");
    }

    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "private, no-store";
}
