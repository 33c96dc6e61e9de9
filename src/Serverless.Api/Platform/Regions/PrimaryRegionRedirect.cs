using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;

namespace Serverless.Api.Platform.Regions;

/// <summary>
/// In a secondary region a write is never executed (the local database is a read-only replica) and
/// never forwarded either: the region's subnets have no route out, so a forwarded write could only
/// time out. It is answered with <c>308 Permanent Redirect</c> to the same path and query at
/// <see cref="RegionOptions.PrimaryApiUrl"/>; 308 (unlike 301/302) obliges the client to repeat the
/// method and the body. CloudFront sends /v1 to the primary already, so only a caller that reached
/// this region's API directly ever sees it.
/// </summary>
public sealed class PrimaryRegionRedirect(RequestDelegate next, IOptions<RegionOptions> options)
{
    // Not async: what it lets through (every request in the primary region, every read) costs the checks only (issue 17).
    public Task InvokeAsync(HttpContext context)
    {
        var region = options.Value;
        var method = context.Request.Method;
        if (region.IsPrimary || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || !context.Request.Path.StartsWithSegments("/v1"))
        {
            return next(context);
        }
        return RedirectAsync(context, region, method);
    }

    private static Task RedirectAsync(HttpContext context, RegionOptions region, string method)
    {
        var location = Target(region.PrimaryApiUrl!, context.Request);
        context.Response.Headers.Location = location;
        // Not cacheable by the client or the edge: which region is primary can change (a promotion).
        return MiddlewareProblems.WriteAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status308PermanentRedirect,
            Type = ProblemTypes.WritesGoToPrimary,
            Title = "Writes go to the primary region",
            Detail = $"Region {region.Current} serves reads only; send this {method} to the primary region ({region.Primary}) at {location}. Nothing was written here.",
        }, cacheControl: "no-store");
    }

    /// <summary>
    /// The same path and query under the primary's base URL, keeping the base's own path (an API
    /// Gateway stage such as <c>/api</c>): <c>new Uri(base, "/v1/...")</c> would drop it.
    /// </summary>
    public static string Target(string primaryApiUrl, HttpRequest request) =>
        primaryApiUrl.TrimEnd('/') + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
}
