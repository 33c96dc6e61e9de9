namespace Serverless.Api.Features.Prompts;

/// <summary>The body of <c>POST /v1/prompts/{key}/versions</c>: a tenant's own templates for a platform prompt.</summary>
public sealed record CreatePromptVersionRequest(string? SystemTemplate, string? UserTemplate, string? ModelHint);
