using Microsoft.Extensions.Hosting;

namespace Serverless.Lambda.Hosting;

internal static class HostStarted
{
    /// <summary>
    /// Completes once every hosted service has started. The first <c>/invocation/next</c> ends Lambda's
    /// init phase, so it must not be sent while a later hosted service could still fail start-up.
    /// </summary>
    public static async Task WaitAsync(IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onCancelled = cancellationToken.Register(() => started.TrySetCanceled(cancellationToken));
        await started.Task;
    }
}
