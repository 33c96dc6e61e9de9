namespace Serverless.Core.Prompts;

/// <summary>A tenant's new prompt version, or why there is none: no platform prompt of that key (both empty), or
/// variables in the templates that the task does not fill.</summary>
public sealed record TenantPromptCreation(PromptVersionView? Created, IReadOnlyList<string> UnknownVariables);
