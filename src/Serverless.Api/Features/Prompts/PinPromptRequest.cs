namespace Serverless.Api.Features.Prompts;

/// <summary>The body of <c>PUT /v1/prompts/{key}/pin</c>: the version to use, or null (left out) to follow the newest again.</summary>
public sealed record PinPromptRequest(int? Version);
