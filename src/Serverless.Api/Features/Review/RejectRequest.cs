namespace Serverless.Api.Features.Review;

/// <summary>A reason from the fixed categories (see RejectionReasons) and an optional comment.</summary>
public sealed record RejectRequest(string? Reason, string? Comment);
