namespace Serverless.Core.Review;

/// <summary>A stored draft's id and its job's result JSON (what the job handler reports).</summary>
public sealed record StoredDraft(Guid DraftId, string ResultJson);
