using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;

namespace Serverless.Api.Platform.Regions;

/// <summary>
/// In a secondary region, a write is never executed here (the local database is a read-only
/// replica): it is sent to the primary region's API with the caller's identity and an idempotency
/// key, and the primary's answer is relayed as is. CloudFront normally routes writes to the primary;
/// this is the safety net for a write that arrives here anyway.
/// </summary>
public sealed partial class WriteForwardingMiddleware(
    RequestDelegate next, IOptions<RegionOptions> options, IHttpClientFactory clients, ILogger<WriteForwardingMiddleware> logger)
{
    public const string ClientName = "primary-region";
    public const string ForwardedFromHeader = "x-forwarded-region";
    public const string IdempotencyHeader = "Idempotency-Key";

    // The caller's identity, preconditions and correlation; never hop-by-hop headers.
    private static readonly string[] ForwardedHeaders =
        ["x-api-key", "Authorization", "If-Match", "If-None-Match", "Accept", "x-request-id", ConsistencyTokens.HeaderName];

    private static readonly HashSet<string> NotRelayed = new(StringComparer.OrdinalIgnoreCase)
        { "Transfer-Encoding", "Connection", "Keep-Alive", "Server", "Date" };

    public async Task InvokeAsync(HttpContext context)
    {
        var region = options.Value;
        var method = context.Request.Method;
        if (region.IsPrimary || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || !context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }
        if (context.Request.Headers.ContainsKey(ForwardedFromHeader))
        {
            // Forwarded to us as if we were the primary: the regions disagree on which one is. Stop here.
            await Problem(context, 508, "Forwarding loop", $"Region {region.Current} received a forwarded write but is not the primary ({region.Primary}).");
            return;
        }

        using var request = await BuildRequestAsync(context, region);
        try
        {
            using var response = await clients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            await RelayAsync(context, response);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.CircuitBreaker.BrokenCircuitException
            or TaskCanceledException { InnerException: TimeoutException } or Polly.Timeout.TimeoutRejectedException)
        {
            LogForwardFailed(logger, region.Primary, e.GetType().Name);
            context.Response.Headers.RetryAfter = "5";
            await Problem(context, 503, "Temporarily unavailable", "Writes go to the primary region, which is not answering. Retry after a few seconds.");
        }
    }

    private static async Task<HttpRequestMessage> BuildRequestAsync(HttpContext context, RegionOptions region)
    {
        var target = new Uri(new Uri(region.PrimaryApiUrl!), context.Request.Path + context.Request.QueryString);
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        foreach (var name in ForwardedHeaders)
        {
            if (context.Request.Headers.TryGetValue(name, out var values))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        // One key for every attempt, so the primary can tell a retry from a second write.
        var idempotencyKey = context.Request.Headers[IdempotencyHeader].ToString() is { Length: > 0 } given ? given : Guid.CreateVersion7().ToString();
        request.Headers.TryAddWithoutValidation(IdempotencyHeader, idempotencyKey);
        request.Headers.TryAddWithoutValidation(ForwardedFromHeader, region.Current);
        request.Headers.TryAddWithoutValidation("x-forwarded-for", context.Connection.RemoteIpAddress?.ToString());

        // Buffered (bodies are capped at 2 MiB), so a retry can send it again.
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length > 0 || context.Request.ContentType is not null)
        {
            request.Content = new ByteArrayContent(buffer.ToArray());
            if (context.Request.ContentType is { } type)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }
        return request;
    }

    private static async Task RelayAsync(HttpContext context, HttpResponseMessage response)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!NotRelayed.Contains(header.Key))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static async Task Problem(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Type = ProblemTypes.ForStatus(status), Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward a write to the primary region {Primary}: {ErrorType}")]
    private static partial void LogForwardFailed(ILogger logger, string primary, string errorType);
}
