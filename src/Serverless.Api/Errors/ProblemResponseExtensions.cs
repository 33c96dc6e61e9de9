namespace Serverless.Api.Errors;

public static class ProblemResponseExtensions
{
    public static WebApplicationBuilder AddProblemResponses(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Type ??= ProblemTypes.ForStatus(problem.Status ?? 500);
            if (problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                problem.Type = ProblemTypes.ForStatus(problem.Status ?? 500);
            }
            problem.Detail ??= problem.Status switch
            {
                404 => "Nothing is here. Check the path and the id.",
                405 => "This path does not accept that method.",
                415 => "Send the body as application/json.",
                _ => null,
            };
            problem.Instance ??= context.HttpContext.Request.Path;
            // The exception handler clears response headers; the request id must survive it.
            context.HttpContext.Response.Headers["x-request-id"] = context.HttpContext.TraceIdentifier;
            problem.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
            problem.Extensions.Remove("traceId");
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures (bad JSON, wrong content type, oversized body) become exceptions the
        // handler above turns into Problem Details, instead of bare status codes.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 2 * 1024 * 1024);
        return builder;
    }

    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseMiddleware<EmptyErrorProblemsMiddleware>();
        return app;
    }
}
