namespace Serverless.Core.Data;

/// <summary>
/// A replica read that cannot be served: the replica does not answer and the primary may not stand in
/// (a secondary region, or the primary fallback is at its concurrency limit). The API answers 503 with
/// <see cref="RetryAfter"/>.
/// </summary>
public sealed class ReplicaUnavailableException(string message, TimeSpan retryAfter, Exception? inner = null)
    : Exception(message, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
