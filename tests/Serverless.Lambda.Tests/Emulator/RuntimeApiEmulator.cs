using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Lambda.Tests.Emulator;

/// <summary>
/// A loopback stand-in for the Lambda Runtime API (2018-06-01): /invocation/next long-polls for queued
/// events; /response, /error and /init/error are recorded. Responses over <see cref="MaxResponseBytes"/>
/// get 413, as Lambda answers a payload over its 6 MB limit.
/// </summary>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    public const string FunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:sample";

    private readonly WebApplication _app;
    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly ConcurrentDictionary<string, PendingInvocation> _inFlight = new();
    private readonly Channel<RecordedInitError> _initErrors = Channel.CreateUnbounded<RecordedInitError>();

    private RuntimeApiEmulator(WebApplication app) => _app = app;

    public string Address { get; private set; } = string.Empty;

    public int MaxResponseBytes { get; set; } = 6 * 1024 * 1024;

    public static async Task<RuntimeApiEmulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var emulator = new RuntimeApiEmulator(app);
        emulator.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.Address = new Uri(address).Authority;
        return emulator;
    }

    /// <summary>Queues an event and waits for the function's answer.</summary>
    public Task<InvocationOutcome> InvokeAsync(string payload, TimeSpan? timeout = null, string? traceId = null) =>
        InvokeAsync(System.Text.Encoding.UTF8.GetBytes(payload), timeout, traceId);

    public Task<InvocationOutcome> InvokeAsync(byte[] payload, TimeSpan? timeout = null, string? traceId = null)
    {
        var requestId = Guid.NewGuid().ToString();
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));
        var pending = new PendingInvocation(requestId, payload, deadline, traceId ?? NewTraceId());
        _inFlight[requestId] = pending;
        _queue.Writer.TryWrite(pending);
        return pending.Outcome.Task;
    }

    /// <summary>An X-Ray trace header: Root=1-{epoch seconds, hex}-{96-bit id};Parent=...;Sampled=1.</summary>
    public static string NewTraceId() =>
        $"Root=1-{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x8}-{Guid.NewGuid().ToString("N")[..24]};Parent={Guid.NewGuid().ToString("N")[..16]};Sampled=1";

    public async Task<RecordedInitError> WaitForInitErrorAsync(CancellationToken cancellationToken) =>
        await _initErrors.Reader.ReadAsync(cancellationToken);

    public bool TryGetInitError(out RecordedInitError? error) => _initErrors.Reader.TryRead(out error);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        var api = app.MapGroup("/2018-06-01/runtime");
        api.MapGet("/invocation/next", NextAsync);
        api.MapPost("/invocation/{id}/response", (Delegate)ResponseAsync);
        api.MapPost("/invocation/{id}/error", (Delegate)ErrorAsync);
        api.MapPost("/init/error", (Delegate)InitErrorAsync);
    }

    private async Task NextAsync(HttpContext context)
    {
        PendingInvocation next;
        try
        {
            next = await _queue.Reader.ReadAsync(context.RequestAborted);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            context.Abort();
            return;
        }

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = FunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = next.TraceId;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(next.Payload);
    }

    private async Task<IResult> ResponseAsync(string id, HttpContext context)
    {
        var body = await ReadBodyAsync(context);
        if (!_inFlight.TryGetValue(id, out var pending))
        {
            return Results.BadRequest(new { errorType = "InvalidRequestID", errorMessage = "unknown request id" });
        }

        if (body.Length > MaxResponseBytes)
        {
            // The invocation stays open: the runtime is expected to report an error for it.
            return Results.Json(
                new { errorType = "RequestEntityTooLarge", errorMessage = $"Exceeded maximum allowed payload size ({MaxResponseBytes} bytes)." },
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        _inFlight.TryRemove(id, out _);
        pending.Outcome.TrySetResult(new InvocationOutcome(id, false, null, body));
        return Results.Accepted(value: new { status = "OK" });
    }

    private async Task<IResult> ErrorAsync(string id, HttpContext context)
    {
        var body = await ReadBodyAsync(context);
        if (!_inFlight.TryRemove(id, out var pending))
        {
            return Results.BadRequest(new { errorType = "InvalidRequestID", errorMessage = "unknown request id" });
        }

        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        pending.Outcome.TrySetResult(new InvocationOutcome(id, true, errorType, body));
        return Results.Accepted(value: new { status = "OK" });
    }

    private async Task<IResult> InitErrorAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context);
        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        _initErrors.Writer.TryWrite(new RecordedInitError(errorType, System.Text.Encoding.UTF8.GetString(body)));
        return Results.Accepted(value: new { status = "OK" });
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private sealed record PendingInvocation(string RequestId, byte[] Payload, DateTimeOffset Deadline, string TraceId)
    {
        public TaskCompletionSource<InvocationOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
