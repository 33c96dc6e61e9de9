using System.Globalization;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Api.Features.PublicContent;

namespace Serverless.Api.Platform.RateLimits;

/// <summary>
/// After authentication: each tenant request counts against its tier's window (an API key and a person's
/// token of one tenant share it). Every answer says where the tenant stands in <c>RateLimit-Policy</c> and
/// <c>RateLimit</c> (IETF draft-ietf-httpapi-ratelimit-headers); over the quota it is 429 with Retry-After.
/// </summary>
public sealed class TenantRateLimitMiddleware(RequestDelegate next, TenantRateLimiter limiter)
{
    public const string PolicyHeader = "RateLimit-Policy";
    public const string StateHeader = "RateLimit";

    // Not async for a request with no tenant (every anonymous one): the check and the call to next (issue 17).
    public Task InvokeAsync(HttpContext context) =>
        TenantContext.From(context) is { } tenant && context.Request.Path.StartsWithSegments("/v1") ? LimitAsync(context, tenant) : next(context);

    private async Task LimitAsync(HttpContext context, TenantContext tenant)
    {
        var d = await limiter.AcquireAsync(tenant.TenantId, tenant.Tier, context.RequestAborted);
        var headers = context.Response.Headers;
        headers[PolicyHeader] = string.Create(CultureInfo.InvariantCulture, $"\"{d.Policy}\";q={d.Quota};w={d.WindowSeconds}");
        headers[StateHeader] = string.Create(CultureInfo.InvariantCulture, $"\"{d.Policy}\";r={d.Remaining};t={d.ResetSeconds}");
        if (d.Allowed)
        {
            await next(context);
            return;
        }
        headers.RetryAfter = d.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        await MiddlewareProblems.WriteAsync(context, 429, PublicContentExtensions.RateLimitedType, "Too many requests", string.Create(CultureInfo.InvariantCulture,
            $"This tenant's {d.Policy} tier allows {d.Quota} requests per {d.WindowSeconds} s. Retry after {d.ResetSeconds} s."));
    }
}
