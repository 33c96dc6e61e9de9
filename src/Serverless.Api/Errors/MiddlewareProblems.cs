using Microsoft.AspNetCore.Mvc;

namespace Serverless.Api.Errors;

/// <summary>A refusal written by a middleware before any endpoint runs: never cached, Problem Details as everywhere else.</summary>
public static class MiddlewareProblems
{
    public static Task WriteAsync(HttpContext http, int status, string type, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = status;
        http.Response.Headers.CacheControl = "private, no-store";
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        }).AsTask();
    }
}
