namespace Serverless.Lambda.Runtime;

/// <summary>What the Runtime API tells us about one invocation, from the headers of <c>/invocation/next</c>.</summary>
public sealed class LambdaInvocationContext
{
    private static readonly TimeSpan LongestAnswerTime = TimeSpan.FromMilliseconds(500);
    private readonly TimeProvider _time;
    private readonly TimeSpan _answerTime;

    public LambdaInvocationContext(string awsRequestId, DateTimeOffset deadline, string? invokedFunctionArn, string? traceId, TimeProvider? time = null)
    {
        AwsRequestId = awsRequestId;
        Deadline = deadline;
        InvokedFunctionArn = invokedFunctionArn;
        TraceId = traceId;
        _time = time ?? TimeProvider.System;
        var budget = RemainingTime;
        _answerTime = budget / 4 < LongestAnswerTime ? budget / 4 : LongestAnswerTime;
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

    /// <summary>
    /// Time left before the function should stop working so it can still answer before the deadline: half a
    /// second short of it, or a quarter of the invocation's time when that is shorter. Never negative.
    /// </summary>
    public TimeSpan TimeToStop
    {
        get
        {
            var left = RemainingTime - _answerTime;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }
}
