namespace Serverless.Core.Schemas;

/// <summary>Where an attribute migration got to: status, counts, and the items it could not migrate.</summary>
public sealed record AttributeMigrationStatus(
    Guid Id,
    string Type,
    int ToVersion,
    Guid JobId,
    string Status,
    int Total,
    int Migrated,
    int Moved,
    int Failed,
    int Batches,
    IReadOnlyList<MigrationFailure> Failures,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt)
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string CompletedWithFailures = "completed_with_failures";

    /// <summary>The cursor: the last item of the last committed batch (not part of the API's answer).</summary>
    internal Guid? LastId { get; init; }
}
