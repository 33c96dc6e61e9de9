namespace Serverless.Lambda.Runtime;

/// <summary>What the Runtime API tells us about one invocation, from the headers of <c>/invocation/next</c>.</summary>
public sealed class LambdaInvocationContext
{
    private readonly TimeProvider _time;

    public LambdaInvocationContext(string awsRequestId, DateTimeOffset deadline, string? invokedFunctionArn, string? traceId, TimeProvider? time = null)
    {
        AwsRequestId = awsRequestId;
        Deadline = deadline;
        InvokedFunctionArn = invokedFunctionArn;
        TraceId = traceId;
        _time = time ?? TimeProvider.System;
    }

    public string AwsRequestId { get; }

    /// <summary>When Lambda will stop the invocation (from <c>Lambda-Runtime-Deadline-Ms</c>).</summary>
    public DateTimeOffset Deadline { get; }

    public string? InvokedFunctionArn { get; }

    public string? TraceId { get; }

    /// <summary>Time left before the deadline, never negative.</summary>
    public TimeSpan RemainingTime
    {
        get
        {
            var left = Deadline - _time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }
}
