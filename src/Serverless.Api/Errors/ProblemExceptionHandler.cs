using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Observability;
using Serverless.Core.Data;

namespace Serverless.Api.Errors;

/// <summary>
/// Turns exceptions into Problem Details: a client's mistake keeps its 4xx status and learns what was
/// wrong; an unreachable dependency is a 503 with Retry-After; anything else is a 500 that names the
/// request id and never carries a stack trace.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, IServiceProvider services, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // The handler runs outside the request-id middleware, whose scope has ended by now: the lines written here
        // name the request themselves (the id the caller reads in the Problem Details).
        using var scope = logger.BeginScope(new RequestLogScope(context.TraceIdentifier, context.Request.Path));
        var problem = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(bad),
            _ when DataUnavailable.Is(exception) => Unavailable(context, exception),
            _ => null,
        };
        if (problem is null)
        {
            LogUnhandled(logger, exception);
            // The request's span (when traced) carries the exception as an event, as the instrumentation's
            // RecordException did; hosting marks the span an error from the 500.
            if (Activity.Current is { IsAllDataRequested: true } span)
            {
                span.AddException(exception);
            }
            problem = new ProblemDetails
            {
                Status = 500,
                Type = ProblemTypes.Internal,
                Title = "Unexpected error",
                Detail = "The server failed to handle this request. Quote the requestId when reporting it.",
            };
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        var status = bad.StatusCode;
        var detail = status switch
        {
            413 => "The request body is larger than this endpoint accepts.",
            415 => "Send the body as application/json.",
            _ => bad.InnerException is JsonException json
                ? $"The body is not valid JSON{(json.Path is { Length: > 0 } p ? $" at {p}" : "")}{(json.LineNumber is { } l ? $" (line {l + 1})" : "")}."
                : bad.Message,
        };
        return new ProblemDetails
        {
            Status = status,
            Type = ProblemTypes.ForStatus(status),
            Title = status switch { 413 => "Too large", 415 => "Unsupported media type", _ => "Malformed request" },
            Detail = detail,
        };
    }

    private ProblemDetails Unavailable(HttpContext context, Exception exception)
    {
        LogUnavailable(logger, exception.GetType().Name, exception.Message);
        // A write refused by a standby (a failover moved the writer): the pool's connections all reach the
        // wrong server, so it is emptied and the retry gets a fresh connection to wherever the writer is now.
        // (A host without a database, such as a test host of the error handling alone, has none to clear.)
        var poolCleared = DataUnavailable.StalePool(exception)
            && (services.GetService<Databases>()?.ClearPoolIfStale(DataSourceKind.Primary, exception) ?? false);
        var retryAfter = exception switch
        {
            ReplicaUnavailableException replica => (int)Math.Ceiling(replica.RetryAfter.TotalSeconds),
            _ when poolCleared => 1,
            _ => 5,
        };
        context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = 503,
            Type = ProblemTypes.Unavailable,
            Title = "Temporarily unavailable",
            Detail = exception is ReplicaUnavailableException
                ? "The read replica is not answering and this read cannot be served elsewhere now. Retry after the time in Retry-After."
                : "A backing service is not answering. Retry after a few seconds.",
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dependency unavailable: {ErrorType}: {ErrorMessage}")]
    private static partial void LogUnavailable(ILogger logger, string errorType, string errorMessage);
}
