using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Tests.Emulator;

namespace Serverless.Lambda.Tests.Support;

/// <summary>A runtime loop polling an emulator in the background for the length of a test.</summary>
public sealed class RunningLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly LambdaRuntimeApiClient _client;
    private readonly Task _task;

    private RunningLoop(RuntimeApiEmulator emulator, ILambdaHandler handler, IInvocationListener[] listeners)
    {
        _client = new LambdaRuntimeApiClient(emulator.Address);
        var loop = new LambdaRuntimeLoop(_client, handler, listeners, new LambdaStartupState(), NullLogger<LambdaRuntimeLoop>.Instance);
        _task = Task.Run(() => loop.RunAsync(_stop.Token));
    }

    public static RunningLoop Start(RuntimeApiEmulator emulator, ILambdaHandler handler, params IInvocationListener[] listeners) =>
        new(emulator, handler, listeners);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _client.Dispose();
        _stop.Dispose();
    }
}
