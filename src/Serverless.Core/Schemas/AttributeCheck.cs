namespace Serverless.Core.Schemas;

/// <summary>
/// Attributes ready to store (migrated forward when they were written against an older version) and the
/// schema version they are valid under (null: the type has no schema), or the field errors.
/// </summary>
public sealed record AttributeCheck(string AttributesJson, int? SchemaVersion, IReadOnlyDictionary<string, string[]>? Errors)
{
    public bool IsValid => Errors is null;
}
