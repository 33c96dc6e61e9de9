using System.Text.Json;

namespace Serverless.Core.Content;

/// <param name="SchemaVersion">The version of its type's attribute schema the item is valid under; null when
/// it was written before the type had a schema.</param>
public sealed record ContentItem(
    Guid Id,
    string Type,
    string Slug,
    string Locale,
    string Status,
    string Title,
    string Body,
    JsonElement Attributes,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int? SchemaVersion = null);
