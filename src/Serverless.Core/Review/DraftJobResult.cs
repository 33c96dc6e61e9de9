namespace Serverless.Core.Review;

/// <summary>What a finished draft job reports (stored on the job and in the idempotency record).</summary>
public sealed record DraftJobResult(Guid DraftId, string DraftStatus);
