namespace Serverless.Api.Observability;

/// <summary>Puts <see cref="ServerErrorMetricsMiddleware"/> in front of everything Program.cs adds.</summary>
public sealed class ServerErrorMetricsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // Constructed here: UseMiddleware<T> binds by reflection, slow in the Native AOT cold start (docs/lambda.md).
        app.Use(next => new ServerErrorMetricsMiddleware(next, app.ApplicationServices.GetRequiredService<ServerErrorMetrics>()).InvokeAsync);
        next(app);
    };
}
