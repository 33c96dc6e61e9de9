namespace Serverless.Core.Idempotency;

/// <summary>
/// Records which operations already ran, so a message delivered twice has one effect. The DynamoDB
/// implementation lives in the AWS adapter (DESIGN.md, "Idempotency record").
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Claims <paramref name="key"/> for this attempt, or says why not.</summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, TimeSpan inProgressFor, CancellationToken ct);

    /// <summary>Extends this attempt's claim while it is still working (a heartbeat); false when the claim was lost.</summary>
    Task<bool> ExtendAsync(IdempotencyKey key, TimeSpan inProgressFor, CancellationToken ct);

    /// <summary>Stores the result so later deliveries replay it instead of running again.</summary>
    Task CompleteAsync(IdempotencyKey key, string resultJson, CancellationToken ct);

    /// <summary>Gives up a claim after a failed attempt, so the next delivery may run at once.</summary>
    Task ReleaseAsync(IdempotencyKey key, CancellationToken ct);
}
