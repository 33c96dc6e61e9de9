using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace Serverless.Core.Schemas;

/// <summary>
/// Checks attributes against a content type's schema version with JsonSchema.Net. Versions are immutable,
/// so each is built once per process, in its own registry so ids in tenants' schemas never collide.
/// </summary>
public sealed class AttributeValidator
{
    private readonly ConcurrentDictionary<string, JsonSchema> _built = new(StringComparer.Ordinal);

    /// <summary>Errors as "/path: message (keyword)"; empty when valid.</summary>
    public IReadOnlyList<string> Validate(Guid tenantId, ContentTypeSchema schema, JsonElement attributes)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var key = $"{tenantId:N}/{schema.Type}/{schema.Version}";
        var built = _built.GetOrAdd(key, _ => Build(schema.Schema, key));
        var results = built.Evaluate(attributes, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }
        var errors = new List<string>();
        foreach (var detail in results.Details ?? [])
        {
            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                var at = detail.InstanceLocation.ToString();
                errors.Add($"{(at.Length == 0 ? "/" : at)}: {message} ({keyword})");
            }
        }
        return errors.Count > 0 ? errors : ["The attributes do not match the schema."];
    }

    /// <summary>Null when <paramref name="schema"/> is a JSON Schema this validator can use; otherwise why not.</summary>
    public static string? Problem(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return "Must be a JSON Schema object.";
        }
        if (schema.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "object"))
        {
            return "Attributes are a JSON object: the schema's type must be \"object\" (or absent).";
        }
        try
        {
            Build(schema, $"check/{Guid.NewGuid():N}");
            return null;
        }
        catch (Exception e) when (e is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or FormatException or RefResolutionException)
        {
            return $"Not a usable JSON Schema: {e.Message}";
        }
    }

    // Every use of the library goes through here: its set-up runs on first use (JsonSchemaLibrary).
    private static JsonSchema Build(JsonElement schema, string key)
    {
        JsonSchemaLibrary.EnsureInitialized();
        return JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"urn:serverless:attributes:{Uri.EscapeDataString(key)}"));
    }
}
