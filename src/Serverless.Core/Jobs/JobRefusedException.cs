namespace Serverless.Core.Jobs;

/// <summary>
/// A handler's way to end a job for good: the job gets <paramref name="status"/> and the reason, its message
/// is acknowledged (no retry, no dead-letter queue), and a redelivery finds it finished.
/// </summary>
public sealed class JobRefusedException(string status, string reason, Exception? inner = null) : Exception(reason, inner)
{
    public string Status { get; } = status;
}
