namespace Serverless.Core.Jobs;

public static class JobTypes
{
    /// <summary>Generate an AI first draft of one content item (someone is waiting for it).</summary>
    public const string ContentDraft = "content.draft";

    /// <summary>Generate drafts in bulk (backfills): never ahead of interactive work.</summary>
    public const string ContentDraftBackfill = "content.draft.backfill";

    /// <summary>Bring a content type's items to a new schema version (a bulk backfill: never ahead of interactive work).</summary>
    public const string AttributeMigration = "content.attributes.migrate";
}
