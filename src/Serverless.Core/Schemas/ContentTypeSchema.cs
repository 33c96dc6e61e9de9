using System.Text.Json;

namespace Serverless.Core.Schemas;

/// <summary>
/// One immutable, numbered version of a content type's attribute schema (a JSON Schema), the top-level
/// fields it marks queryable, and the migration from the previous version when there is one.
/// </summary>
public sealed record ContentTypeSchema(
    string Type,
    int Version,
    JsonElement Schema,
    IReadOnlyList<string> Indexed,
    bool Compatible,
    IReadOnlyList<MigrationStep>? Migration,
    string CreatedBy,
    DateTimeOffset CreatedAt);
