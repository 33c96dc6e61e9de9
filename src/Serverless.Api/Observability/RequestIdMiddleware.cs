using System.Diagnostics;
using Serverless.Api.Auth;

namespace Serverless.Api.Observability;

/// <summary>
/// Gives every request one id: the caller's <c>x-request-id</c> when it is a sane token, else the
/// host's own (on Lambda, API Gateway's). It is echoed back, appears in logs and Problem Details,
/// and ends the request with one access-log line. Headers are never logged: they carry keys.
/// </summary>
public sealed partial class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "x-request-id";

    public async Task InvokeAsync(HttpContext context)
    {
        var offered = context.Request.Headers[HeaderName].ToString();
        if (IsSafe(offered))
        {
            context.TraceIdentifier = offered;
        }
        context.Response.Headers[HeaderName] = context.TraceIdentifier;
        using (logger.BeginScope(new RequestLogScope(context.TraceIdentifier, context.Request.Path)))
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                // The line's arguments (the route, the tenant id as text) cost allocations: only when it is written.
                if (logger.IsEnabled(LogLevel.Information))
                {
                    Log(context, started);
                }
            }
        }
    }

    private void Log(HttpContext context, long started)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
        LogRequest(
            logger, context.Request.Method, route, context.Response.StatusCode,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, TenantContext.From(context)?.TenantId.ToString() ?? "-");
    }

    private static bool IsSafe(string value)
    {
        if (value.Length is 0 or > 64)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return false;
            }
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Route} -> {StatusCode} in {ElapsedMs:F1} ms (tenant {TenantId})")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double elapsedMs, string tenantId);
}
