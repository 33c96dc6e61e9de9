using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Serverless.Api.Tests.Contract;

/// <summary>
/// Request bodies made from the document alone: a valid one from each property's example, and for
/// every constraint the document states (required, enum, pattern, length, minimum, type) one body that
/// breaks just that constraint, with the status the document says it gets.
/// </summary>
public static class RequestBuilder
{
    public const string LimitStatus = "x-limit-status";

    public sealed record Violation(string Field, string Rule, JsonObject Body, int Status, string Type);

    public static JsonObject Valid(Operation op, JsonObject schema)
    {
        var body = new JsonObject();
        foreach (var (name, property) in Properties(op, schema))
        {
            body[name] = Example(property);
        }
        return body;
    }

    public static IEnumerable<Violation> Violations(Operation op, JsonObject schema)
    {
        var required = (schema["required"] as JsonArray ?? []).Select(r => (string)r!).ToHashSet();
        foreach (var (name, property) in Properties(op, schema))
        {
            if (required.Contains(name))
            {
                yield return Break(op, schema, name, "required", null, remove: true);
            }
            if (property["enum"] is JsonArray)
            {
                yield return Break(op, schema, name, "enum", "not-one-of-them");
            }
            if (property["pattern"] is { } pattern && NotMatching((string)pattern!) is { } bad)
            {
                yield return Break(op, schema, name, "pattern", bad);
            }
            if (property["maxLength"] is { } max)
            {
                var status = property[LimitStatus] is { } limit ? (int)limit : 400;
                yield return Break(op, schema, name, "maxLength", new string('a', (int)max + 1), status,
                    status == 413 ? "urn:serverless:problem:too-large" : "urn:serverless:problem:validation");
            }
            if (property["minLength"] is { } min && (int)min > 0)
            {
                yield return Break(op, schema, name, "minLength", "");
            }
            if (property["minimum"] is { } minimum)
            {
                yield return Break(op, schema, name, "minimum", JsonValue.Create(decimal.Parse(minimum.ToString(), System.Globalization.CultureInfo.InvariantCulture) - 1));
            }
            if ((string?)property["type"] == "string")
            {
                // A JSON number where the document says string: the body is malformed for this schema.
                yield return Break(op, schema, name, "type", JsonValue.Create(12345), 400, "urn:serverless:problem:malformed-request");
            }
        }
    }

    /// <summary>A value the regular expression does not accept, from a few that break every pattern we write.</summary>
    public static string? NotMatching(string pattern) =>
        new[] { "Not Valid!", " ", "--", "0" }.FirstOrDefault(c => !Regex.IsMatch(c, pattern, RegexOptions.CultureInvariant));

    private static Violation Break(Operation op, JsonObject schema, string field, string rule, JsonNode? value,
        int status = 400, string type = "urn:serverless:problem:validation", bool remove = false)
    {
        var body = Valid(op, schema);
        if (remove)
        {
            body.Remove(field);
        }
        else
        {
            body[field] = value;
        }
        return new Violation(field, rule, body, status, type);
    }

    private static IEnumerable<KeyValuePair<string, JsonObject>> Properties(Operation op, JsonObject schema) =>
        (schema["properties"] as JsonObject ?? []).Select(p => KeyValuePair.Create(p.Key, op.Resolve(p.Value!)));

    private static JsonNode? Example(JsonObject property) =>
        property["examples"] is JsonArray { Count: > 0 } examples ? examples[0]!.DeepClone()
        : property["enum"] is JsonArray { Count: > 0 } values ? values[0]!.DeepClone()
        : (string?)property["type"] switch
        {
            "integer" or "number" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(true),
            "object" => new JsonObject(),
            "array" => new JsonArray(),
            _ => JsonValue.Create("x"),
        };
}
