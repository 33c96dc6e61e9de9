namespace Serverless.Api.Features.Review;

/// <summary>What the next draft should do differently; it travels in the new drafting job's prompt.</summary>
public sealed record RegenerateRequest(string? Feedback);
