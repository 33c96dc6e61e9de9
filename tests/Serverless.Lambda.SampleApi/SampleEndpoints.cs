using Serverless.Lambda.Hosting;

namespace Serverless.Lambda.SampleApi;

public static class SampleEndpoints
{
    public static WebApplication MapSampleEndpoints(this WebApplication app)
    {
        app.MapGet("/hello", () => "hello");
        app.Map("/echo/{**rest}", (Delegate)EchoAsync);
        app.MapGet("/context", Context);
        app.MapGet("/throw", Throw);
        app.MapGet("/binary", () => TypedResults.Bytes(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), "image/png"));
        app.MapGet("/big", (int bytes) => TypedResults.Text(new string('a', bytes), "text/plain"));
        app.MapGet("/cookies", Cookies);
        app.MapGet("/metric", (SampleMetrics metrics) =>
        {
            metrics.Hit("tenant-42");
            return "counted";
        });
        return app;
    }

    private static async Task<RequestView> EchoAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        return new RequestView(
            request.Method,
            request.PathBase.Value ?? string.Empty,
            request.Path.Value ?? string.Empty,
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToArray()),
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToArray()),
            Convert.ToBase64String(body.ToArray()),
            context.Connection.RemoteIpAddress?.ToString(),
            context.TraceIdentifier);
    }

    private static ContextView Context(HttpContext context, RequestScope scope, IServiceProvider services)
    {
        var invocation = context.GetLambdaInvocation();
        return new ContextView(
            invocation?.AwsRequestId,
            (long)(invocation?.RemainingTime.TotalMilliseconds ?? -1),
            invocation?.InvokedFunctionArn,
            Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"),
            context.TraceIdentifier,
            context.GetApiGatewayRequest()?.ApiKeyId,
            context.User.Identity?.IsAuthenticated ?? false,
            (context.GetApiGatewayAuthorizer()?.Claims ?? []).GroupBy(c => c.Type).ToDictionary(g => g.Key, g => string.Join(' ', g.Select(c => c.Value))),
            scope.Id,
            services.GetRequiredService<RequestScope>().Id);
    }

    private static string Throw() => throw new InvalidOperationException("secret detail that must not reach the caller");

    private static IResult Cookies(HttpContext context)
    {
        context.Response.Cookies.Append("session", "abc");
        context.Response.Cookies.Append("theme", "dark");
        context.Response.Headers["Last-Modified"] = "Tue, 25 Nov 2026 10:00:00 GMT";
        return TypedResults.Text("cookies set");
    }
}
