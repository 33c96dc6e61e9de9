namespace Serverless.Worker.Jobs;

/// <summary>How far the queue's retries of a failing job reach.</summary>
public static class RetrySchedule
{
    /// <summary>
    /// The sum of the backoff ceilings over the retries a job gets (deliveries 1 to MaxAttempts - 1): how long
    /// after its first failure the job's last attempt can come. Start-up refuses a schedule that does not reach
    /// past the model circuit breaker's open period.
    /// </summary>
    public static double ReachSeconds(WorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        double total = 0;
        for (var attempt = 1; attempt < options.MaxAttempts; attempt++)
        {
            total += Math.Min(options.RetryMaxSeconds, options.RetryBaseSeconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        }
        return total;
    }
}
