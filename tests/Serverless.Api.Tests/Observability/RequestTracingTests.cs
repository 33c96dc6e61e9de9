using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Observability;

/// <summary>
/// Issue 17: a request that is not traced costs no Activity and hosting makes no log scope of its own, yet every log
/// line still names its request, a traced one also its trace, and the request metric counts every request.
/// </summary>
public sealed class RequestTracingTests(TracedApiFixture api) : IClassFixture<TracedApiFixture>
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string CallerSpanId = "00f067aa0ba902b7";

    [Fact]
    public async Task AHealthProbe_GetsNoActivity_EvenWhenItsCallerSampledIt()
    {
        var response = await SendAsync(HttpMethod.Get, "/health/live", "probe-1", sampled: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(api.Activities["probe-1"]);
    }

    [Fact]
    public async Task ARequestTheRatioDrops_GetsNoActivity_AndItsLogLineStillCarriesTheRequestIdAndPath()
    {
        var response = await SendAsync(HttpMethod.Get, "/public/no-such-tenant/article/nothing", "unsampled-1", sampled: null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(api.Activities["unsampled-1"]);
        var line = AccessLine("unsampled-1");
        Assert.Equal("/public/no-such-tenant/article/nothing", line.Values["RequestPath"]);
        Assert.False(line.Values.ContainsKey("TraceId"), "an untraced request has no trace id to log");
    }

    [Fact]
    public async Task ARequestItsCallerDidNotSample_GetsNoActivity()
    {
        await SendAsync(HttpMethod.Get, "/v1/content", "not-sampled-1", sampled: false);

        Assert.Null(api.Activities["not-sampled-1"]);
    }

    [Fact]
    public async Task ARequestItsCallerSampled_ContinuesTheCallersTrace_AndItsLogLineCarriesTheTraceId()
    {
        var response = await SendAsync(HttpMethod.Get, "/v1/content", "sampled-1", sampled: true);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var activity = api.Activities["sampled-1"];
        Assert.NotNull(activity);
        Assert.Equal(TraceId, activity.TraceId.ToHexString());
        Assert.Equal(CallerSpanId, activity.ParentSpanId.ToHexString());
        Assert.True(activity.Recorded, "a sampled request is recorded and exported");
        var line = AccessLine("sampled-1");
        Assert.Equal(TraceId, line.Values["TraceId"]);
        Assert.Equal(activity.SpanId.ToHexString(), line.Values["SpanId"]);
    }

    [Fact]
    public void HostingDiagnostics_LogNothing_SoHostingMakesNoRequestScopeOrActivityForLogs()
    {
        // HostingApplicationDiagnostics creates its scope, and an Activity, whenever this category is enabled at Critical.
        var factory = api.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Critical));
    }

    [Fact]
    public async Task AnUnhandledException_IsStillLogged_WithTheRequestId_AndAnswered500()
    {
        var response = await SendAsync(HttpMethod.Get, TracedApiFixture.ThrowPath, "throws-1", sampled: null);

        await response.AssertProblem(HttpStatusCode.InternalServerError, ":internal");
        var logged = Assert.Single(api.Logs.Entries, e => e.Level == LogLevel.Error
            && e.Category.EndsWith("ProblemExceptionHandler", StringComparison.Ordinal)
            && e.Values.TryGetValue("RequestId", out var id) && (string?)id == "throws-1");
        Assert.Equal("Unhandled exception", logged.Message);
    }

    [Fact]
    public async Task TheRequestDurationMetric_CountsRequestsThatHaveNoActivity()
    {
        var client = api.Client();
        var before = await CountedAsync(client);

        await SendAsync(HttpMethod.Get, "/health/live", "counted-1", sampled: null);

        Assert.Null(api.Activities["counted-1"]);
        var after = before;
        for (var attempt = 0; attempt < 300 && after <= before; attempt++)
        {
            // The exporter may answer a scrape from a copy cached for a moment.
            await Task.Delay(100);
            after = await CountedAsync(client);
        }
        Assert.True(after > before, $"the probe is counted (was {before}, now {after})");
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string requestId, bool? sampled)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-request-id", requestId);
        if (sampled is { } flag)
        {
            request.Headers.Add("traceparent", $"00-{TraceId}-{CallerSpanId}-{(flag ? "01" : "00")}");
        }
        return api.Client().SendAsync(request);
    }

    private CapturedLogs.LogEntry AccessLine(string requestId) => Assert.Single(api.Logs.Entries, e =>
        e.Category.EndsWith("RequestIdMiddleware", StringComparison.Ordinal)
        && e.Values.TryGetValue("RequestId", out var id) && (string?)id == requestId);

    private static async Task<double> CountedAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
                && l.Contains("http_route=\"/health/live\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 2)..].Split(' ')[0], CultureInfo.InvariantCulture));
    }
}
