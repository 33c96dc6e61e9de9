namespace Serverless.Core.Prompts;

/// <summary>A prompt version as a tenant sees it: the platform's or its own (<see cref="Owner"/>), with its templates.</summary>
public sealed record PromptVersionView(
    string Key, int Version, string Owner, string SystemTemplate, string UserTemplate, string? ModelHint, string? CreatedBy, DateTimeOffset CreatedAt)
{
    public const string Platform = "platform";
    public const string Tenant = "tenant";
}
