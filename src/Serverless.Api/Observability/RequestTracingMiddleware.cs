using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Serverless.Api.Observability;

/// <summary>
/// The request's server span, started only for a request that is traced (issue 17): a request nobody traces gets
/// no <see cref="Activity"/> at all. Hosting's own request Activity cannot do that: hosting creates one whenever its
/// ActivitySource has a listener, and OpenTelemetry's listener asks for one even for a request its sampler drops
/// (to propagate the trace id), so hosting's source is left unlistened and this middleware, outermost, decides
/// first. <c>/health</c> and <c>/metrics</c> are never traced; a request whose caller sent a <c>traceparent</c>
/// follows the caller's decision, one inside a span of ours (Lambda's invocation) follows that span's; any other is traced at <c>Telemetry:SamplingRatio</c>. The span carries the
/// attributes of the OpenTelemetry HTTP server conventions (as hosting's would) and is named "METHOD route".
/// Registered only when tracing is on (<see cref="OutermostObservabilityStartupFilter"/>).
/// </summary>
public sealed class RequestTracingMiddleware(RequestDelegate next, double ratio)
{
    /// <summary>The API's own source for server spans: only the API's tracer provider listens to it.</summary>
    public const string SourceName = "Serverless.Api.Http";

    /// <summary>The server span's operation name; <see cref="RequestSampler"/> records every one (the decision is taken here).</summary>
    public const string ActivityName = "http.server.request";

    private static readonly ActivitySource Source = new(SourceName);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/health") || request.Path.StartsWithSegments("/metrics"))
        {
            return next(context);
        }
        var headers = request.Headers;
        var traceParent = headers.TraceParent;
        ActivityContext parent = default;
        bool traced;
        if (!StringValues.IsNullOrEmpty(traceParent)
            && ActivityContext.TryParse(traceParent.ToString(), headers.TraceState.ToString(), isRemote: true, out parent))
        {
            traced = (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0;
        }
        else if (Activity.Current is { } enclosing)
        {
            // On Lambda, the invocation's span (which continues X-Ray's header) has decided already.
            traced = enclosing.Recorded;
        }
        else
        {
            traced = ratio >= 1 || (ratio > 0 && Random.Shared.NextDouble() < ratio);
        }
        return traced ? TracedAsync(context, parent) : next(context);
    }

    private async Task TracedAsync(HttpContext context, ActivityContext parent)
    {
        var request = context.Request;
        using var span = Source.StartActivity(ActivityKind.Server, parent, name: ActivityName);
        if (span is null)
        {
            await next(context);
            return;
        }
        span.DisplayName = request.Method;
        span.SetTag("http.request.method", request.Method);
        span.SetTag("url.scheme", request.Scheme);
        span.SetTag("url.path", request.Path.Value);
        if (request.Host.HasValue)
        {
            span.SetTag("server.address", request.Host.Host);
            if (request.Host.Port is { } port)
            {
                span.SetTag("server.port", port);
            }
        }
        if (request.Headers.UserAgent.ToString() is { Length: > 0 } agent)
        {
            span.SetTag("user_agent.original", agent);
        }
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            End(span, context, 500);
            span.SetTag("error.type", exception.GetType().FullName);
            span.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
        End(span, context, context.Response.StatusCode);
    }

    private static void End(Activity span, HttpContext context, int status)
    {
        span.SetTag("http.response.status_code", status);
        span.SetTag("network.protocol.version", context.Request.Protocol switch
        {
            "HTTP/1.1" => "1.1",
            "HTTP/2" => "2",
            "HTTP/3" => "3",
            "HTTP/1.0" => "1.0",
            _ => null,
        });
        if ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route)
        {
            span.SetTag("http.route", route);
            span.DisplayName = $"{context.Request.Method} {route}";
        }
        if (status >= 500)
        {
            span.SetTag("error.type", status.ToString(CultureInfo.InvariantCulture));
            span.SetStatus(ActivityStatusCode.Error);
        }
    }
}
