namespace Serverless.Core.Schemas;

public enum SchemaWriteStatus
{
    Created,
    Invalid,
    Incompatible,
}

/// <summary>
/// The result of adding a schema version: the version (and its migration's id and job when it has one), or
/// the field errors, or the breaking changes a version without a (sufficient) migration would make.
/// </summary>
public sealed record SchemaWriteOutcome(
    SchemaWriteStatus Status,
    ContentTypeSchema? Schema = null,
    Guid? MigrationId = null,
    Jobs.JobEnvelope? Job = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    IReadOnlyList<string>? BreakingChanges = null);
