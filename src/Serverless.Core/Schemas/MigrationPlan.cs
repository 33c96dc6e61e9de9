using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Schemas;

/// <summary>The result of migrating one item's attributes: the new attributes, and the type it moves to when split off.</summary>
public sealed record MigratedAttributes(JsonObject Attributes, string? MovedToType);

/// <summary>Applies <see cref="MigrationStep"/>s to attributes. Pure: the same input always gives the same output.</summary>
public static class MigrationPlan
{
    public static MigratedAttributes Apply(IEnumerable<MigrationStep> steps, JsonObject attributes)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var result = (JsonObject)attributes.DeepClone();
        foreach (var step in steps)
        {
            switch (step.Op)
            {
                case MigrationStep.Rename when result.ContainsKey(step.From!):
                    var value = result[step.From!];
                    result.Remove(step.From!);
                    result[step.To!] = value;
                    break;
                case MigrationStep.Default when !result.ContainsKey(step.Field!):
                    result[step.Field!] = step.Value is { } v ? JsonNode.Parse(v.GetRawText()) : null;
                    break;
                case MigrationStep.Drop:
                    result.Remove(step.Field!);
                    break;
                case MigrationStep.Split when result[step.Field!] is { } discriminator && step.Value is { } wanted
                                              && JsonNode.DeepEquals(discriminator, JsonNode.Parse(wanted.GetRawText())):
                    result.Remove(step.Field!);
                    return new MigratedAttributes(result, step.ToType);
            }
        }
        return new MigratedAttributes(result, null);
    }

    public static JsonObject Parse(string attributesJson) =>
        JsonNode.Parse(attributesJson) as JsonObject ?? throw new JsonException("Attributes must be a JSON object.");
}
