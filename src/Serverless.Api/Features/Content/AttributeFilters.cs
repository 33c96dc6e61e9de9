using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Data;
using Serverless.Core.Schemas;

namespace Serverless.Api.Features.Content;

/// <summary>
/// <c>attr.&lt;field&gt;=&lt;value&gt;</c> query parameters of a content list: allowed for the fields the type's
/// latest schema marks indexed, each value read as the JSON type the schema gives the field, and combined
/// into one containment filter (served by the GIN index on attributes).
/// </summary>
public static class AttributeFilters
{
    public const string Prefix = "attr.";

    /// <returns>The containment filter as JSON (null when there are no attr. parameters).</returns>
    public static async Task<string?> ReadAsync(
        IQueryCollection query, string? type, Guid tenantId, SchemaStore schemas, DataSourceKind source,
        Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var filters = query.Where(q => q.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
        if (filters.Count == 0)
        {
            return null;
        }
        if (type is null)
        {
            errors["type"] = ["Required with attr.<field> filters: the type's schema says which fields are indexed."];
            return null;
        }
        var latest = (await schemas.ListAsync(tenantId, type, source, ct)).LastOrDefault();
        var contain = new JsonObject();
        foreach (var (key, values) in filters)
        {
            var field = key[Prefix.Length..];
            if (latest is null || !latest.Indexed.Contains(field, StringComparer.Ordinal))
            {
                errors[key] = [$"'{field}' is not an indexed field of '{type}'; indexed: {(latest is null ? "none (no schema)" : string.Join(", ", latest.Indexed))}."];
                continue;
            }
            if (values.Count != 1)
            {
                errors[key] = ["Give one value."];
                continue;
            }
            if (Typed(latest.Schema, field, values[0]!) is { } value)
            {
                contain[field] = value;
            }
            else
            {
                errors[key] = [$"Not a value of the field's type ({Kind(latest.Schema, field)})."];
            }
        }
        return contain.ToJsonString();
    }

    private static string Kind(JsonElement schema, string field) =>
        schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty(field, out var property)
        && property.TryGetProperty("type", out var kind) && kind.ValueKind == JsonValueKind.String
            ? kind.GetString()!
            : "string";

    private static JsonNode? Typed(JsonElement schema, string field, string value) => Kind(schema, field) switch
    {
        "integer" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : null,
        "number" => decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : null,
        "boolean" => bool.TryParse(value, out var b) ? JsonValue.Create(b) : null,
        // An array field matches items whose array holds the value (containment).
        "array" => new JsonArray(JsonValue.Create(value)),
        _ => JsonValue.Create(value),
    };
}
