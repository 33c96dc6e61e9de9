using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Observability;

/// <summary>
/// The API with tracing on (an OTLP endpoint that nothing answers: the export is the edge, not what is tested) and a
/// sampling ratio of 0, so a request is traced only when its caller sampled it. Records, per <c>x-request-id</c>,
/// the Activity each request ran under, and serves <c>/test/throw</c> (after every endpoint) to throw.
/// </summary>
public sealed class TracedApiFixture : ApiFixture
{
    public const string ThrowPath = "/test/throw";

    public ConcurrentDictionary<string, Activity?> Activities { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9",
        ["Telemetry:SamplingRatio"] = "0",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IStartupFilter>(new Recorder(Activities));

    private sealed class Recorder(ConcurrentDictionary<string, Activity?> activities) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Outermost: what hosting created for the request, before any of the API's middleware.
            app.Use((context, inner) =>
            {
                if (context.Request.Headers["x-request-id"].ToString() is { Length: > 0 } id)
                {
                    activities[id] = Activity.Current;
                }
                return inner(context);
            });
            next(app);
            // Reached only by a path no endpoint took, inside the API's exception handler.
            app.Use((context, inner) => context.Request.Path == ThrowPath
                ? throw new InvalidOperationException("thrown by the test")
                : inner(context));
        };
    }
}
