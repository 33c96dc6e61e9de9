using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Serverless.Api.Auth;
using Serverless.Api.Errors;

namespace Serverless.Api.Platform.Cors;

/// <summary>
/// CORS for browser front ends, per tenant. A preflight (<c>OPTIONS</c> with <c>Access-Control-Request-Method</c>)
/// carries no credentials, so it is answered before authentication for any origin some tenant allows (else
/// 403); the real request's answer names the origin only when the caller's own tenant allows it, so one
/// tenant's front end never reads another's data through a browser. Public pages are readable from anywhere.
/// </summary>
public sealed class TenantCorsMiddleware(RequestDelegate next, TenantCorsOrigins origins, IOptions<CorsOptions> options)
{
    private const string AllowedMethods = "GET, POST, PUT, DELETE, OPTIONS";
    private const string AllowedHeaders = "authorization, content-type, if-match, if-none-match, idempotency-key, x-api-key, x-consistency-token";
    private const string ExposedHeaders = "etag, location, retry-after, x-consistency-token, idempotent-replayed, ratelimit, ratelimit-policy, x-request-id";

    // Not async: a request it has nothing to decide for costs the checks and the call to next (issue 17).
    public Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/public", StringComparison.OrdinalIgnoreCase))
        {
            // Published content is public: any page may read it (no credentials are involved).
            http.Response.Headers.AccessControlAllowOrigin = "*";
            return next(http);
        }
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || !path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase))
        {
            return next(http);
        }
        http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        if (HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
        {
            return PreflightAsync(http, origin);
        }
        http.Response.OnStarting(static async state =>
        {
            var (context, origin, origins) = ((HttpContext, string, TenantCorsOrigins))state;
            if (context.User.FindFirstValue(TenantClaims.TenantId) is { } claim && Guid.TryParse(claim, out var tenant)
                && (await origins.CurrentAsync(CancellationToken.None)).Allows(tenant, origin))
            {
                context.Response.Headers.AccessControlAllowOrigin = origin;
                context.Response.Headers.AccessControlExposeHeaders = ExposedHeaders;
            }
        }, (http, origin, origins));
        return next(http);
    }

    private async Task PreflightAsync(HttpContext http, string origin)
    {
        var headers = http.Response.Headers;
        headers.Append(HeaderNames.Vary, "Access-Control-Request-Method, Access-Control-Request-Headers");
        if ((await origins.CurrentAsync(http.RequestAborted)).AnyTenantAllows(origin))
        {
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlAllowMethods = AllowedMethods;
            headers.AccessControlAllowHeaders = AllowedHeaders;
            headers.AccessControlMaxAge = options.Value.PreflightMaxAgeSeconds.ToString(CultureInfo.InvariantCulture);
            return;
        }
        await MiddlewareProblems.WriteAsync(http, StatusCodes.Status403Forbidden, ProblemTypes.CorsOriginNotAllowed, "Forbidden",
            $"No tenant allows pages from {origin} to call this API; a tenant admin adds it to the tenant's CORS origins.");
    }
}
