namespace Serverless.Core.Review;

public enum ReviewResult
{
    Done,
    NotFound,

    /// <summary>The draft's status does not allow the action (publish a rejected draft, approve twice).</summary>
    IllegalTransition,

    /// <summary>Someone else holds the lease, or the caller holds none (claim first).</summary>
    LeaseConflict,
}
