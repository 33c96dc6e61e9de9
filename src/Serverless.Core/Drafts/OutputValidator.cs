using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;
using Serverless.Core.Schemas;

namespace Serverless.Core.Drafts;

/// <summary>
/// Checks a model's structured output against its prompt version's JSON schema. Schemas are built once
/// per prompt version (versions are immutable), each in its own registry so ids never collide.
/// </summary>
public sealed class OutputValidator
{
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public OutputValidation Validate(string cacheKey, JsonElement schemaJson, string output)
    {
        // Built on first use of each version, after the library's own set-up (JsonSchemaLibrary).
        var schema = _schemas.GetOrAdd(cacheKey, _ => Build(schemaJson, cacheKey));
        JsonElement value;
        try
        {
            using var document = JsonDocument.Parse(StripFences(output));
            value = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return new OutputValidation(null, [$"The answer is not JSON: {e.Message}"]);
        }
        var results = schema.Evaluate(value, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return new OutputValidation(value, []);
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
        return new OutputValidation(null, errors.Count > 0 ? errors : ["The answer does not match the schema."]);
    }

    private static JsonSchema Build(JsonElement schemaJson, string cacheKey)
    {
        JsonSchemaLibrary.EnsureInitialized();
        return JsonSchema.Build(schemaJson, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"urn:serverless:prompt:{Uri.EscapeDataString(cacheKey)}"));
    }

    // Chat models often wrap JSON in a markdown fence even when told not to; that is not worth a repair.
    private static string StripFences(string output)
    {
        var text = output.Trim();
        if (text.StartsWith("```", StringComparison.Ordinal))
        {
            var firstLine = text.IndexOf('\n', StringComparison.Ordinal);
            var end = text.LastIndexOf("```", StringComparison.Ordinal);
            if (firstLine > 0 && end > firstLine)
            {
                return text[(firstLine + 1)..end];
            }
        }
        return text;
    }
}
