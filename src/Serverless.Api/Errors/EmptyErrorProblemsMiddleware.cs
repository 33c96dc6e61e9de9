using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;

namespace Serverless.Api.Errors;

/// <summary>
/// An error answered with no body (an unmatched route's 404, a 405, a bare <c>Results.StatusCode</c>) gets the
/// same Problem Details as every other error, written by <see cref="IProblemDetailsService"/> after the rest of
/// the pipeline has run. What <c>UseStatusCodePages()</c> did, without its per-request feature and closures: a
/// request that succeeds synchronously costs a status check and nothing else (issue 17).
/// </summary>
public sealed class EmptyErrorProblemsMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        var pending = next(context);
        if (!pending.IsCompletedSuccessfully)
        {
            return AfterAsync(pending, context);
        }
        return NeedsBody(context.Response) ? WriteAsync(context) : Task.CompletedTask;
    }

    private async Task AfterAsync(Task pending, HttpContext context)
    {
        await pending;
        if (NeedsBody(context.Response))
        {
            await WriteAsync(context);
        }
    }

    /// <summary>The conditions status code pages used: an error status, nothing sent, no body or content type set.</summary>
    private static bool NeedsBody(HttpResponse response) =>
        response.StatusCode is >= 400 and < 600
        && !response.HasStarted
        && response.ContentLength is null
        && string.IsNullOrEmpty(response.ContentType);

    private async Task WriteAsync(HttpContext context)
    {
        // An endpoint or middleware that answers its errors bare on purpose opts out as it did from status code pages.
        if (context.Features.Get<IStatusCodePagesFeature>() is { Enabled: false }
            || context.GetEndpoint()?.Metadata.GetMetadata<ISkipStatusCodePagesMetadata>() is not null)
        {
            return;
        }
        var status = context.Response.StatusCode;
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = status } }))
        {
            // A caller that accepts no JSON: the plain text status code pages wrote.
            var reason = ReasonPhrases.GetReasonPhrase(status);
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"Status Code: {status}{(string.IsNullOrEmpty(reason) ? "" : "; " + reason)}"));
        }
    }
}
