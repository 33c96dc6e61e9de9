using System.Text.Json;
using Serverless.Core.Content;
using Serverless.Core.Schemas;

namespace Serverless.Api.Features.Schemas;

/// <summary>The shape of a schema request, checked against <see cref="SchemaRules"/>; the store checks it against the previous version.</summary>
public static class SchemaValidator
{
    public static (NewSchemaVersion? Request, Dictionary<string, string[]> Errors, bool TooLarge) Validate(string type, CreateSchemaRequest request)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }
        var tooLarge = false;
        if (!ContentRules.IsType(type))
        {
            Add("type", "A lowercase content type name starting with a letter, e.g. \"article\".");
        }
        if (request.Schema is not { ValueKind: JsonValueKind.Object } schema)
        {
            Add("schema", "Required: a JSON Schema object for the type's attributes.");
            schema = default;
        }
        else if (ContentRules.Utf8Length(schema.GetRawText()) > SchemaRules.MaxSchemaBytes)
        {
            Add("schema", $"At most {SchemaRules.MaxSchemaBytes / 1024} KiB of JSON.");
            tooLarge = true;
        }
        else if (AttributeValidator.Problem(schema) is { } problem)
        {
            Add("schema", problem);
        }
        var indexed = request.Indexed ?? [];
        if (indexed.Count > SchemaRules.MaxIndexed)
        {
            Add("indexed", $"At most {SchemaRules.MaxIndexed} fields.");
        }
        var defined = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var field in indexed)
        {
            if (!SchemaRules.IsField(field))
            {
                Add("indexed", $"'{field}' is not a field name (letters, digits and '_', at most {SchemaRules.MaxFieldChars}).");
            }
            else if (!defined.Contains(field))
            {
                Add("indexed", $"'{field}' is not among the schema's properties.");
            }
        }
        var steps = request.Migration ?? [];
        if (steps.Count > SchemaRules.MaxSteps)
        {
            Add("migration", $"At most {SchemaRules.MaxSteps} steps.");
        }
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var at = $"Step {i + 1}";
            switch (step?.Op)
            {
                case MigrationStep.Rename when !SchemaRules.IsField(step.From) || !SchemaRules.IsField(step.To) || step.From == step.To:
                    Add("migration", $"{at}: rename needs 'from' and 'to', two different field names.");
                    break;
                case MigrationStep.Default when !SchemaRules.IsField(step.Field) || step.Value is null:
                    Add("migration", $"{at}: default needs 'field' and 'value'.");
                    break;
                case MigrationStep.Drop when !SchemaRules.IsField(step.Field):
                    Add("migration", $"{at}: drop needs 'field'.");
                    break;
                case MigrationStep.Split when !SchemaRules.IsField(step.Field) || step.Value is null || !ContentRules.IsType(step.ToType):
                    Add("migration", $"{at}: split needs 'field', 'value' and 'toType' (a content type name).");
                    break;
                case MigrationStep.Rename or MigrationStep.Default or MigrationStep.Drop or MigrationStep.Split:
                    break;
                default:
                    Add("migration", $"{at}: 'op' must be one of {string.Join(", ", MigrationStep.Ops)}.");
                    break;
            }
        }
        var flat = errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        return (flat.Count == 0 ? new NewSchemaVersion(type, schema.Clone(), [.. indexed.Distinct(StringComparer.Ordinal)], steps) : null, flat, tooLarge);
    }
}
