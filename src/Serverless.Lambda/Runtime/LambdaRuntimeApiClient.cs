using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Serverless.Lambda.Runtime;

/// <summary>The documented Lambda Runtime API (2018-06-01) over HTTP.</summary>
public sealed class LambdaRuntimeApiClient : IDisposable
{
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public LambdaRuntimeApiClient(string runtimeApi, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(runtimeApi);
        _time = time ?? TimeProvider.System;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/"),
            // Lambda freezes the process while /next is pending, for minutes or hours: any client timeout would fire on thaw.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<LambdaInvocation> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("runtime/invocation/next", HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = response.Headers;
        var requestId = Single(headers, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidOperationException("The Runtime API sent an invocation without Lambda-Runtime-Aws-Request-Id.");
        var deadline = long.TryParse(Single(headers, "Lambda-Runtime-Deadline-Ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : _time.GetUtcNow().AddMinutes(15);
        var context = new LambdaInvocationContext(
            requestId,
            deadline,
            Single(headers, "Lambda-Runtime-Invoked-Function-Arn"),
            Single(headers, "Lambda-Runtime-Trace-Id"),
            _time);
        return new LambdaInvocation(context, payload);
    }

    public async Task PostResponseAsync(string requestId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(payload);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync(InvocationPath(requestId, "response"), content, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new ResponseTooLargeException($"The Runtime API refused a {payload.Length}-byte response: {detail}");
        }

        response.EnsureSuccessStatusCode();
    }

    public async Task PostInvocationErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken)
    {
        using var request = ErrorRequest(InvocationPath(requestId, "error"), error);
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task PostInitErrorAsync(LambdaError error, CancellationToken cancellationToken)
    {
        using var request = ErrorRequest("runtime/init/error", error);
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Synchronous, for the unhandled-exception path where nothing can be awaited.</summary>
    public void PostInitError(LambdaError error)
    {
        using var request = ErrorRequest("runtime/init/error", error);
        using var response = _http.Send(request);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();

    private static string InvocationPath(string requestId, string action) =>
        $"runtime/invocation/{Uri.EscapeDataString(requestId)}/{action}";

    private static HttpRequestMessage ErrorRequest(string path, LambdaError error)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.LambdaError);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation(ErrorTypeHeader, error.ErrorType);
        return request;
    }

    private static string? Single(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
