namespace Serverless.Api.Platform.Idempotency;

/// <summary>What a request under an <c>Idempotency-Key</c> should do.</summary>
public enum IdempotencyDecision
{
    /// <summary>The key is ours: run the request and store its answer.</summary>
    Run,

    /// <summary>The first request finished: answer with its stored response.</summary>
    Replay,

    /// <summary>The key was used for a different request (method, path or body): 422.</summary>
    Mismatch,

    /// <summary>The first request is still running: 409, retry shortly.</summary>
    InProgress,
}

/// <summary>The decision and, for a replay, the stored response.</summary>
public sealed record IdempotencyClaimResult(IdempotencyDecision Decision, StoredResponse? Response = null);
