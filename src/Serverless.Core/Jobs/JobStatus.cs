namespace Serverless.Core.Jobs;

/// <summary>A job's life: pending (in the outbox) → queued → running → succeeded, or retrying → … → failed;
/// or refused for good (budget_exhausted).</summary>
public static class JobStatus
{
    public const string Pending = "pending";
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Retrying = "retrying";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>Refused by the tenant's model budget: final, not retried, not dead-lettered.</summary>
    public const string BudgetExhausted = "budget_exhausted";

    /// <summary>Its tenant is suspended: waiting, not failed; resuming the tenant publishes it again.</summary>
    public const string Paused = "paused";
}
