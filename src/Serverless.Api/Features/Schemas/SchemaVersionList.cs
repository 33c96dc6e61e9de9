using Serverless.Core.Schemas;

namespace Serverless.Api.Features.Schemas;

/// <summary>A content type's schema versions, oldest first.</summary>
public sealed record SchemaVersionList(IReadOnlyList<ContentTypeSchema> Items);

/// <summary>A new schema version and, when it ships a migration, where to watch it run.</summary>
public sealed record SchemaVersionCreated(ContentTypeSchema Schema, Guid? MigrationId, Guid? JobId, string? MigrationUrl);
