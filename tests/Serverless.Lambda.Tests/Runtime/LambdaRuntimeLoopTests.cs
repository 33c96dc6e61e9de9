using System.Text;
using System.Text.Json;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Tests.Emulator;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Runtime;

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class LambdaRuntimeLoopTests
{
    [Fact]
    public async Task Handler_result_is_posted_as_the_response_of_each_invocation()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var handler = new DelegateHandler(i => Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes("echo:" + Encoding.UTF8.GetString(i.Payload.Span))));
        await using var loop = RunningLoop.Start(emulator, handler);

        for (var n = 0; n < 20; n++)
        {
            var outcome = await emulator.InvokeAsync($"\"{n}\"");
            Assert.False(outcome.IsError);
            Assert.Equal($"echo:\"{n}\"", outcome.BodyText);
        }
    }

    [Fact]
    public async Task Handler_exception_is_posted_to_error_with_type_header_and_documented_body()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var handler = new DelegateHandler(_ => throw new InvalidOperationException("it broke"));
        await using var loop = RunningLoop.Start(emulator, handler);

        var outcome = await emulator.InvokeAsync("{}");

        Assert.True(outcome.IsError);
        Assert.Equal("InvalidOperationException", outcome.ErrorType);
        using var body = JsonDocument.Parse(outcome.Body);
        Assert.Equal("InvalidOperationException", body.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("it broke", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("stackTrace").ValueKind);
    }

    [Fact]
    public async Task An_error_report_carries_the_type_and_message_but_no_stack_frames()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var handler = new DelegateHandler(_ => DeepInsideTheHandler());
        await using var loop = RunningLoop.Start(emulator, handler);

        var outcome = await emulator.InvokeAsync("{}");

        Assert.True(outcome.IsError);
        using var body = JsonDocument.Parse(outcome.Body);
        Assert.Equal("it broke deep down", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(0, body.RootElement.GetProperty("stackTrace").GetArrayLength());
        Assert.DoesNotContain(nameof(DeepInsideTheHandler), outcome.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LambdaFunctionException_chooses_the_error_type()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var handler = new DelegateHandler(_ => throw new LambdaFunctionException("Tenant.Suspended", "tenant suspended"));
        await using var loop = RunningLoop.Start(emulator, handler);

        var outcome = await emulator.InvokeAsync("{}");

        Assert.Equal("Tenant.Suspended", outcome.ErrorType);
    }

    [Fact]
    public async Task Response_refused_with_413_is_reported_as_an_error_and_the_loop_keeps_serving()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        emulator.MaxResponseBytes = 1024;
        var handler = new DelegateHandler(i => Task.FromResult<ReadOnlyMemory<byte>>(new byte[int.Parse(Encoding.UTF8.GetString(i.Payload.Span))]));
        await using var loop = RunningLoop.Start(emulator, handler);

        var tooLarge = await emulator.InvokeAsync("4096");
        var small = await emulator.InvokeAsync("16");

        Assert.True(tooLarge.IsError);
        Assert.Equal("Function.ResponseSizeTooLarge", tooLarge.ErrorType);
        Assert.False(small.IsError);
        Assert.Equal(16, small.Body.Length);
    }

    [Fact]
    public async Task Handler_sees_request_id_deadline_function_arn_and_trace_id_in_the_environment()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        LambdaInvocationContext? seen = null;
        string? traceEnvironment = null;
        var handler = new DelegateHandler(i =>
        {
            seen = i.Context;
            traceEnvironment = Environment.GetEnvironmentVariable(LambdaEnvironment.TraceId);
            return Task.FromResult<ReadOnlyMemory<byte>>("{}"u8.ToArray());
        });
        await using var loop = RunningLoop.Start(emulator, handler);
        var traceId = RuntimeApiEmulator.NewTraceId();

        var outcome = await emulator.InvokeAsync("{}", TimeSpan.FromSeconds(30), traceId);

        Assert.NotNull(seen);
        Assert.Equal(outcome.RequestId, seen.AwsRequestId);
        Assert.Equal(RuntimeApiEmulator.FunctionArn, seen.InvokedFunctionArn);
        Assert.Equal(traceId, seen.TraceId);
        Assert.Equal(traceId, traceEnvironment);
        Assert.InRange(seen.RemainingTime, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Listeners_hear_every_invocation_end_before_its_response_is_posted()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var listener = new OrderListener();
        var handler = new DelegateHandler(_ => Task.FromResult<ReadOnlyMemory<byte>>("1"u8.ToArray()));
        await using var loop = RunningLoop.Start(emulator, handler, listener);

        await emulator.InvokeAsync("{}");
        var completedBeforeSecond = listener.Completed;
        await emulator.InvokeAsync("{}");

        Assert.Equal(1, completedBeforeSecond);
        Assert.Equal(2, listener.Completed);
    }

    [Fact]
    public async Task Initialisation_ends_when_the_loop_first_asks_for_an_invocation()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var startup = new LambdaStartupState();
        using var client = new LambdaRuntimeApiClient(emulator.Address);
        var handler = new DelegateHandler(_ => Task.FromResult<ReadOnlyMemory<byte>>("1"u8.ToArray()));
        var loop = new LambdaRuntimeLoop(client, handler, [], startup, Microsoft.Extensions.Logging.Abstractions.NullLogger<LambdaRuntimeLoop>.Instance);
        using var stop = new CancellationTokenSource();
        Assert.False(startup.IsInitialized);

        var running = loop.RunAsync(stop.Token);
        await emulator.InvokeAsync("{}");
        await stop.CancelAsync();
        await running;

        Assert.True(startup.IsInitialized);
    }

    private sealed class OrderListener : IInvocationListener
    {
        public int Completed { get; private set; }

        public void OnInvocationStarting(LambdaInvocationContext context)
        {
        }

        public void OnInvocationCompleted(LambdaInvocationContext context, bool succeeded) => Completed++;
    }

    private static Task<ReadOnlyMemory<byte>> DeepInsideTheHandler() => throw new InvalidOperationException("it broke deep down");
}
