namespace Serverless.Api.Features.Drafts;

/// <summary>The 202 answer: the job to poll (also in Location) and where the drafts will appear.</summary>
public sealed record DraftAccepted(Guid JobId, string Status, string Job, string Drafts);
