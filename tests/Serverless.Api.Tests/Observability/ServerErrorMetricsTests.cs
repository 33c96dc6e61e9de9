using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Api.Errors;
using Serverless.Api.Observability;

namespace Serverless.Api.Tests.Observability;

/// <summary>
/// On Lambda a 500 Problem Details is a successful invocation: the canary can only see it through this
/// counter. It must count what the caller got (after the exception handler), per function version.
/// </summary>
public sealed class ServerErrorMetricsTests
{
    private sealed record Seen(long Value, string? Version, int? Status);

    private static async Task<List<Seen>> CountWhileRequestingAsync(params string[] paths)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Configuration["AWS_LAMBDA_FUNCTION_VERSION"] = "7";
        builder.AddObservability();
        builder.AddProblemResponses();
        await using var app = builder.Build();
        app.UseProblemResponses();
        app.MapGet("/boom", string () => throw new InvalidOperationException("a bug"));
        app.MapGet("/unavailable", () => Results.StatusCode(503));
        app.MapGet("/fine", () => "ok");

        var seen = new List<Seen>();
        using var listener = new MeterListener();
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == ServerErrorMetrics.InstrumentName && instrument.Meter.Scope == factory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? version = null;
            int? status = null;
            foreach (var tag in tags)
            {
                version = tag.Key == ServerErrorMetrics.VersionTag ? tag.Value as string : version;
                status = tag.Key == "http.response.status_code" ? tag.Value as int? : status;
            }
            lock (seen)
            {
                seen.Add(new Seen(value, version, status));
            }
        });
        listener.Start();

        await app.StartAsync();
        var client = app.GetTestClient();
        foreach (var path in paths)
        {
            await client.GetAsync(path);
        }
        await app.StopAsync();
        return seen;
    }

    [Fact]
    public async Task An_exception_answered_as_a_500_Problem_Details_is_counted_with_the_function_version()
    {
        var seen = await CountWhileRequestingAsync("/boom");

        Assert.Equal(new Seen(1, "7", 500), Assert.Single(seen));
    }

    [Fact]
    public async Task Other_5xx_answers_are_counted_and_2xx_and_4xx_are_not()
    {
        var seen = await CountWhileRequestingAsync("/unavailable", "/fine", "/missing");

        Assert.Equal(new Seen(1, "7", 503), Assert.Single(seen));
    }
}
