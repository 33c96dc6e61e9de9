using System.Text.Json;

namespace Serverless.Core.Schemas;

/// <summary>
/// Whether items valid under one schema version stay valid under the next, judged on the top-level
/// fields, where the pivots happen: a field removed (or renamed, which is a removal plus an addition), a
/// field newly required, or a field's <c>type</c> (or <c>enum</c>) changed is a breaking change; optional
/// fields added, required fields made optional and new descriptions are not. Nested structure is compared
/// as a whole: any change inside a field's subschema other than its description counts as a type change.
/// </summary>
public static class SchemaCompatibility
{
    public static IReadOnlyList<string> BreakingChanges(JsonElement previous, JsonElement next)
    {
        var breaking = new List<string>();
        var before = Properties(previous);
        var after = Properties(next);
        var requiredBefore = Required(previous);
        foreach (var (name, schema) in before)
        {
            if (!after.TryGetValue(name, out var now))
            {
                breaking.Add($"'{name}' is removed (or renamed).");
            }
            else if (!SameShape(schema, now))
            {
                breaking.Add($"'{name}' changes its type or allowed values.");
            }
        }
        foreach (var name in Required(next).Where(n => !requiredBefore.Contains(n)))
        {
            breaking.Add($"'{name}' becomes required.");
        }
        if (Closed(next) && !Closed(previous))
        {
            breaking.Add("additionalProperties becomes false: fields the previous version allowed are refused.");
        }
        return breaking;
    }

    private static Dictionary<string, JsonElement> Properties(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
            : new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    private static HashSet<string> Required(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            ? required.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    private static bool Closed(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("additionalProperties", out var additional)
        && additional.ValueKind == JsonValueKind.False;

    // Descriptions, titles and examples say nothing about which values are valid.
    private static readonly HashSet<string> Annotations = new(["description", "title", "examples", "$comment"], StringComparer.Ordinal);

    private static bool SameShape(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != JsonValueKind.Object || b.ValueKind != JsonValueKind.Object)
        {
            return JsonElement.DeepEquals(a, b);
        }
        var left = a.EnumerateObject().Where(p => !Annotations.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var right = b.EnumerateObject().Where(p => !Annotations.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var other) && JsonElement.DeepEquals(p.Value, other));
    }
}
