namespace Serverless.Api.Observability;

/// <summary>Puts <see cref="ServerErrorMetricsMiddleware"/> in front of everything Program.cs adds.</summary>
public sealed class ServerErrorMetricsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ServerErrorMetricsMiddleware>();
        next(app);
    };
}
