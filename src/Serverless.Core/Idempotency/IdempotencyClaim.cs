namespace Serverless.Core.Idempotency;

public enum ClaimOutcome
{
    /// <summary>This attempt owns the operation: run it, then complete or release.</summary>
    Claimed,

    /// <summary>It already ran; <see cref="IdempotencyClaim.ResultJson"/> holds what it returned.</summary>
    AlreadyCompleted,

    /// <summary>Another attempt is running it now (its claim has not expired).</summary>
    InProgress,

    /// <summary>The key was used before for a different payload: a caller's bug, never retried.</summary>
    PayloadMismatch,
}

public sealed record IdempotencyClaim(ClaimOutcome Outcome, string? ResultJson = null)
{
    public static readonly IdempotencyClaim Claimed = new(ClaimOutcome.Claimed);
    public static readonly IdempotencyClaim InProgress = new(ClaimOutcome.InProgress);
    public static readonly IdempotencyClaim PayloadMismatch = new(ClaimOutcome.PayloadMismatch);
}
