namespace Serverless.Lambda.Runtime;

/// <summary>Whether the first invocation has been taken: before it, a crash is an init error.</summary>
public sealed class LambdaStartupState
{
    private int _invoked;

    public bool HasInvoked => Volatile.Read(ref _invoked) == 1;

    /// <summary>True exactly once: for the first (cold start) invocation.</summary>
    public bool MarkInvoked() => Interlocked.Exchange(ref _invoked, 1) == 0;
}
