namespace Serverless.Core.Schemas;

/// <summary>The <c>content.attributes.migrate</c> job's payload: which migration to run (its state is in the database).</summary>
public sealed record AttributeMigrationPayload(Guid MigrationId)
{
    public const int SchemaVersion = 1;
}

/// <summary>What a finished migration job reports on its job row.</summary>
public sealed record AttributeMigrationResult(Guid MigrationId, string Status, int Total, int Migrated, int Moved, int Failed);

/// <summary>An item the migration could not bring to the new version (it keeps the version it claims, and stays valid under it).</summary>
public sealed record MigrationFailure(Guid ItemId, string Slug, string Locale, string Reason);
