namespace Serverless.Core.Content;

/// <summary>A validated replacement of an item's editable fields.</summary>
public sealed record ContentChanges(string Status, string Title, string Body, string AttributesJson, int? SchemaVersion = null);
