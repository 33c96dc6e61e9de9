namespace Serverless.Core.Review;

/// <summary>The payload of a <c>content.draft</c> job, schema version 1.</summary>
public sealed record DraftJobPayload(Guid ContentId, string? Instructions)
{
    public const int SchemaVersion = 1;
}
