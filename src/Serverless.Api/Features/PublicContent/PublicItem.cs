using System.Text.Json;

namespace Serverless.Api.Features.PublicContent;

/// <summary>What an end user sees of a published item: no status, no internal history.</summary>
public sealed record PublicItem(
    Guid Id, string Type, string Slug, string Locale, string Title, string Body, JsonElement Attributes, int Version, DateTimeOffset UpdatedAt);
