namespace Serverless.Core.Jobs;

/// <summary>
/// The queue a job goes to: interactive job types for paying tiers take the high queue; bulk job types,
/// and everything from the free tier, take the low one.
/// </summary>
public static class JobRouting
{
    public static JobPriority PriorityFor(string type, string tier) =>
        type is JobTypes.ContentDraftBackfill or JobTypes.AttributeMigration || tier == "free" ? JobPriority.Low : JobPriority.High;
}
