using Microsoft.AspNetCore.Mvc;

namespace Serverless.Api.Errors;

/// <summary>
/// A refusal written by a middleware before any endpoint runs: never cached, Problem Details as everywhere else.
/// Every middleware and handler that answers on its own (authentication challenges, rate limits, idempotency,
/// the primary-region redirect) writes through here, so they all carry the same headers.
/// </summary>
public static class MiddlewareProblems
{
    public static Task WriteAsync(HttpContext http, int status, string type, string title, string detail) =>
        WriteAsync(http, new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail });

    /// <param name="cacheControl">"private, no-store" unless the answer must not be stored anywhere at all ("no-store").</param>
    public static Task WriteAsync(HttpContext http, ProblemDetails problem, string cacheControl = "private, no-store")
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(problem);
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        http.Response.Headers.CacheControl = cacheControl;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
        }).AsTask();
    }
}
