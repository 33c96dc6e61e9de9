using System.Text.Json;
using Serverless.Core.Data;

namespace Serverless.Core.Schemas;

/// <summary>
/// The write path's check of an item's attributes, inside the write's transaction: against the version the
/// request claims (default: the latest), then, when that is older, migrated forward through the newer
/// versions' migrations and checked against the latest, so an old client keeps working during and after a
/// pivot and nothing is ever stored below a version whose migration already ran.
/// </summary>
public sealed class AttributeSchemas(AttributeValidator validator)
{
    public AttributeSchemas()
        : this(new AttributeValidator())
    {
    }

    public async Task<AttributeCheck> CheckAsync(
        TenantSession session, Guid tenantId, string type, int? claimed, string attributesJson, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var versions = await SchemaStore.LoadSharedAsync(session, tenantId, type, ct);
        if (versions.Count == 0)
        {
            return claimed is null
                ? new AttributeCheck(attributesJson, null, null)
                : Invalid("schemaVersion", $"The type '{type}' has no schema; leave schemaVersion out.");
        }
        var latest = versions[^1];
        var target = claimed ?? latest.Version;
        var claimedSchema = versions.FirstOrDefault(v => v.Version == target);
        if (claimedSchema is null)
        {
            return Invalid("schemaVersion", $"The type '{type}' has versions 1 to {latest.Version}.");
        }
        using (var document = JsonDocument.Parse(attributesJson))
        {
            var errors = validator.Validate(tenantId, claimedSchema, document.RootElement);
            if (errors.Count > 0)
            {
                return Invalid("attributes", [.. errors.Select(e => $"{e} [schema version {target}]")]);
            }
        }
        if (target == latest.Version)
        {
            return new AttributeCheck(attributesJson, target, null);
        }
        var migrated = MigrationPlan.Apply(versions.Where(v => v.Version > target).SelectMany(v => v.Migration ?? []), MigrationPlan.Parse(attributesJson));
        if (migrated.MovedToType is { } moved)
        {
            return Invalid("attributes", $"Items like this one now belong to the type '{moved}' (a later schema version split them out); write it there.");
        }
        var json = migrated.Attributes.ToJsonString();
        using (var document = JsonDocument.Parse(json))
        {
            var errors = validator.Validate(tenantId, latest, document.RootElement);
            if (errors.Count > 0)
            {
                return Invalid("attributes", [.. errors.Select(e => $"{e} [after migrating from version {target} to {latest.Version}]")]);
            }
        }
        return new AttributeCheck(json, latest.Version, null);
    }

    private static AttributeCheck Invalid(string field, params string[] messages) =>
        new("{}", null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = messages });
}
