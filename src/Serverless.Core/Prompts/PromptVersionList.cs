namespace Serverless.Core.Prompts;

/// <summary>
/// The versions of one prompt a tenant may use, newest first, with its pin (if any) and the version its drafts
/// use now: the pinned one, else the tenant's newest own version, else the platform's newest.
/// </summary>
public sealed record PromptVersionList(string Key, int? PinnedVersion, int? ActiveVersion, IReadOnlyList<PromptVersionView> Items);
