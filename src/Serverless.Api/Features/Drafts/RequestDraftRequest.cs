namespace Serverless.Api.Features.Drafts;

/// <summary>The optional body of <c>POST /v1/content/{id}/drafts</c>.</summary>
public sealed record RequestDraftRequest(string? Instructions)
{
    public const int MaxInstructions = 2000;
}
