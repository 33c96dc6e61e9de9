namespace Serverless.Lambda.Runtime;

/// <summary>
/// Whether initialisation is over. Lambda's init phase ends with the runtime's first call to
/// <c>/invocation/next</c>; before it, a crash is an init error, after it /init/error is no longer accepted.
/// </summary>
public sealed class LambdaStartupState
{
    private int _initialized;

    public bool IsInitialized => Volatile.Read(ref _initialized) == 1;

    private readonly TaskCompletionSource _firstInvocationAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True exactly once: when the first <c>/invocation/next</c> is about to be sent.</summary>
    public bool MarkInitialized() => Interlocked.Exchange(ref _initialized, 1) == 0;

    /// <summary>
    /// Completes once the first invocation's outcome (response or error) was posted, or posting it failed:
    /// the caller of a cold start has its answer, so work put off until then no longer delays it.
    /// </summary>
    public Task FirstInvocationAnswered => _firstInvocationAnswered.Task;

    /// <summary>Called by the runtime loop after each invocation's outcome was posted; only the first one counts.</summary>
    public void MarkInvocationAnswered() => _firstInvocationAnswered.TrySetResult();
}
