namespace Serverless.Core.Content;

/// <summary>A validated item to create. <see cref="AttributesJson"/> is a JSON object; <see cref="SchemaVersion"/> the version it claims (null: the latest).</summary>
public sealed record NewContent(string Type, string Slug, string Locale, string Status, string Title, string Body, string AttributesJson, int? SchemaVersion = null);
