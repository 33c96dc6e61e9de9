namespace Serverless.Api.Observability;

/// <summary>
/// The outermost middleware, so it sees the status code the caller gets: after the Problem Details
/// handler has turned an exception into a 500, or, when something escapes even that, the 500 the
/// server will answer.
/// </summary>
public sealed class ServerErrorMetricsMiddleware(RequestDelegate next, ServerErrorMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch
        {
            metrics.Record(StatusCodes.Status500InternalServerError);
            throw;
        }
        metrics.Record(context.Response.StatusCode);
    }
}
