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

    public async Task InvokeAsync(HttpContext context)
    {
        if (TenantContext.From(context) is not { } tenant || !context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }
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
