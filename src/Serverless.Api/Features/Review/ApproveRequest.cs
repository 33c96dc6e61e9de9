namespace Serverless.Api.Features.Review;

/// <summary>Approve as drafted (no body, or neither field), or with the reviewer's edited title and/or body.</summary>
public sealed record ApproveRequest(string? Title, string? Body);
