using System.Text.Json;

namespace Serverless.Core.Content;

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
    DateTimeOffset UpdatedAt);
