namespace Serverless.Core.Jobs;

/// <summary>
/// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): the
/// ceiling doubles per attempt, the wait is uniform below it, so retries of many failed jobs spread out
/// instead of arriving together at a dependency that is just recovering.
/// </summary>
public sealed class RetryBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
{
    public TimeSpan For(int attempt, Random? random = null)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 20);
        var ceiling = Math.Min(maxDelay.TotalSeconds, baseDelay.TotalSeconds * Math.Pow(2, exponent));
        var seconds = (random ?? Random.Shared).NextDouble() * ceiling;
        // SQS visibility is whole seconds; never less than the base, so a retry is never instant.
        return TimeSpan.FromSeconds(Math.Max(baseDelay.TotalSeconds, Math.Ceiling(seconds)));
    }
}
