namespace Serverless.Lambda.Runtime;

/// <summary>
/// Whether initialisation is over. Lambda's init phase ends with the runtime's first call to
/// <c>/invocation/next</c>; before it, a crash is an init error, after it /init/error is no longer accepted.
/// </summary>
public sealed class LambdaStartupState
{
    private int _initialized;

    public bool IsInitialized => Volatile.Read(ref _initialized) == 1;

    /// <summary>True exactly once: when the first <c>/invocation/next</c> is about to be sent.</summary>
    public bool MarkInitialized() => Interlocked.Exchange(ref _initialized, 1) == 0;
}
