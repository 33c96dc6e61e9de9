using System.Text.Json;
using Npgsql;
using Serverless.Core.Data;
using Serverless.Core.Jobs;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Schemas;

/// <summary>
/// Content type schemas: immutable, numbered versions per tenant and type. A new version is checked against
/// the previous one (<see cref="SchemaCompatibility"/>); a breaking one needs a migration that covers its
/// breaking changes, and gets a <c>content.attributes.migrate</c> job in the same transaction.
/// Reads are from the primary: an admin reads the version they have just written.
/// </summary>
public sealed class SchemaStore(Databases databases, JobStore jobs)
{
    private const string Columns = "type, version, schema, indexed, compatible, migration, created_by, created_at";

    public Task<IReadOnlyList<ContentTypeSchema>> ListAsync(Guid tenantId, string type, CancellationToken ct) =>
        ListAsync(tenantId, type, DataSourceKind.Primary, ct);

    /// <param name="source">The replica for a list's filters (versions change rarely and never in place).</param>
    public async Task<IReadOnlyList<ContentTypeSchema>> ListAsync(Guid tenantId, string type, DataSourceKind source, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, source, tenantId, "schemas.list", ct);
        var versions = await LoadAsync(session, tenantId, type, ct);
        await session.CommitAsync(ct);
        return versions;
    }

    public async Task<ContentTypeSchema?> GetAsync(Guid tenantId, string type, int version, CancellationToken ct) =>
        (await ListAsync(tenantId, type, ct)).FirstOrDefault(v => v.Version == version);

    public async Task<SchemaWriteOutcome> CreateAsync(Guid tenantId, string tier, string actor, NewSchemaVersion request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "schemas.create", ct);
        await SchemaLocks.ExclusiveAsync(session, tenantId, request.Type, ct);
        var versions = await LoadAsync(session, tenantId, request.Type, ct);
        var previous = versions.Count > 0 ? versions[^1] : null;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var breaking = previous is null ? [] : SchemaCompatibility.BreakingChanges(previous.Schema, request.Schema);
        if (request.Migration is { Count: > 0 } steps)
        {
            if (previous is null)
            {
                errors["migration"] = ["The first version of a type has nothing to migrate from."];
            }
            else
            {
                var stepErrors = await CheckStepsAsync(session, tenantId, request, previous, steps, ct);
                if (stepErrors.Count > 0)
                {
                    errors["migration"] = [.. stepErrors];
                }
            }
        }
        if (errors.Count > 0)
        {
            return new SchemaWriteOutcome(SchemaWriteStatus.Invalid, Errors: errors);
        }
        var uncovered = Uncovered(breaking, previous, request);
        if (uncovered.Count > 0)
        {
            return new SchemaWriteOutcome(SchemaWriteStatus.Incompatible, BreakingChanges: uncovered);
        }

        var version = (previous?.Version ?? 0) + 1;
        var migration = request.Migration is { Count: > 0 } ? request.Migration : null;
        await using (var insert = session.Command("""
            INSERT INTO content_type_schemas (id, tenant_id, type, version, schema, indexed, compatible, migration, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """))
        {
            insert.Parameters.Add(Uuid(Guid.CreateVersion7()));
            insert.Parameters.Add(Uuid(tenantId));
            insert.Parameters.Add(Text(request.Type));
            insert.Parameters.Add(Int(version));
            insert.Parameters.Add(Jsonb(request.Schema.GetRawText()));
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. request.Indexed] });
            insert.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = breaking.Count == 0 });
            insert.Parameters.Add(NullableJsonb(migration is null ? null : JsonSerializer.Serialize(migration.ToList(), SchemaJsonContext.Default.ListMigrationStep)));
            insert.Parameters.Add(Text(actor));
            await insert.ExecuteNonQueryAsync(ct);
        }

        Guid? migrationId = null;
        JobEnvelope? job = null;
        if (migration is not null)
        {
            migrationId = Guid.CreateVersion7();
            job = await jobs.EnqueueAsync(
                session, tenantId, JobTypes.AttributeMigration, AttributeMigrationPayload.SchemaVersion,
                JobRouting.PriorityFor(JobTypes.AttributeMigration, tier),
                JsonSerializer.Serialize(new AttributeMigrationPayload(migrationId.Value), SchemaJsonContext.Default.AttributeMigrationPayload), ct);
            // The count is exact: item writes wait for this transaction (SchemaLocks) and then write version N+1.
            await using var insert = session.Command("""
                INSERT INTO attribute_migrations (id, tenant_id, type, to_version, job_id, total)
                SELECT $1, $2, $3, $4, $5, count(*)::integer FROM content_items
                 WHERE tenant_id = $2 AND type = $3 AND coalesce(schema_version, 0) < $4
                """);
            insert.Parameters.Add(Uuid(migrationId.Value));
            insert.Parameters.Add(Uuid(tenantId));
            insert.Parameters.Add(Text(request.Type));
            insert.Parameters.Add(Int(version));
            insert.Parameters.Add(Uuid(job.JobId));
            await insert.ExecuteNonQueryAsync(ct);
        }
        var created = (await LoadAsync(session, tenantId, request.Type, ct))[^1];
        await session.CommitAsync(ct);
        return new SchemaWriteOutcome(SchemaWriteStatus.Created, created, migrationId, job);
    }

    /// <summary>The migration that brings the type's items to <paramref name="version"/>, or null when there is none.</summary>
    public async Task<AttributeMigrationStatus?> MigrationAsync(Guid tenantId, string type, int version, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "schemas.migration", ct);
        var status = await AttributeMigrator.ReadStatusAsync(session, tenantId, "type = $2 AND to_version = $3", ct, Text(type), Int(version));
        await session.CommitAsync(ct);
        return status;
    }

    /// <summary>Every version of a type, oldest first.</summary>
    internal static async Task<List<ContentTypeSchema>> LoadAsync(TenantSession session, Guid tenantId, string type, CancellationToken ct)
    {
        await using var select = session.Command(LoadSql);
        select.Parameters.Add(Uuid(tenantId));
        select.Parameters.Add(Text(type));
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await ReadVersionsAsync(reader, ct);
    }

    /// <summary>
    /// Takes the type's shared schema lock (<see cref="SchemaLocks"/>), then loads every version, oldest first: two
    /// statements in one round trip. Each has its own snapshot, so the load sees a version committed while the
    /// lock waited, as it would as a separate statement.
    /// </summary>
    internal static async Task<List<ContentTypeSchema>> LoadSharedAsync(TenantSession session, Guid tenantId, string type, CancellationToken ct)
    {
        await using var batch = session.Batch();
        batch.BatchCommands.Add(SchemaLocks.Shared(tenantId, type));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(LoadSql) { Parameters = { Uuid(tenantId), Text(type) } });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        return await ReadVersionsAsync(reader, ct);
    }

    private const string LoadSql = $"SELECT {Columns} FROM content_type_schemas WHERE tenant_id = $1 AND type = $2 ORDER BY version";

    private static async Task<List<ContentTypeSchema>> ReadVersionsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var versions = new List<ContentTypeSchema>();
        while (await reader.ReadAsync(ct))
        {
            versions.Add(new ContentTypeSchema(
                reader.GetString(0), reader.GetInt32(1), Parse(reader.GetString(2)), reader.GetFieldValue<string[]>(3), reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : JsonSerializer.Deserialize(reader.GetString(5), SchemaJsonContext.Default.ListMigrationStep),
                reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return versions;
    }

    private static async Task<List<string>> CheckStepsAsync(
        TenantSession session, Guid tenantId, NewSchemaVersion request, ContentTypeSchema previous, IReadOnlyList<MigrationStep> steps, CancellationToken ct)
    {
        var before = Fields(previous.Schema);
        var after = Fields(request.Schema);
        var errors = new List<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            switch (step.Op)
            {
                case MigrationStep.Rename when !before.Contains(step.From!):
                    errors.Add($"Step {i + 1} renames '{step.From}', which version {previous.Version} does not define.");
                    break;
                case MigrationStep.Rename when !after.Contains(step.To!):
                    errors.Add($"Step {i + 1} renames to '{step.To}', which the new version does not define.");
                    break;
                case MigrationStep.Default when !after.Contains(step.Field!):
                    errors.Add($"Step {i + 1} defaults '{step.Field}', which the new version does not define.");
                    break;
                case MigrationStep.Split when step.ToType == request.Type:
                    errors.Add($"Step {i + 1} splits into '{step.ToType}', the type itself.");
                    break;
                case MigrationStep.Split when (await LoadAsync(session, tenantId, step.ToType!, ct)).Count == 0:
                    errors.Add($"Step {i + 1} splits into '{step.ToType}', which has no schema yet: add its first version before this one.");
                    break;
            }
        }
        return errors;
    }

    /// <summary>The breaking changes the migration does not address: a removed field it neither renames, drops nor splits on; a newly required field it neither renames into nor defaults.</summary>
    private static List<string> Uncovered(IReadOnlyList<string> breaking, ContentTypeSchema? previous, NewSchemaVersion request)
    {
        if (breaking.Count == 0 || previous is null)
        {
            return [.. breaking];
        }
        var steps = request.Migration ?? [];
        var touched = steps.SelectMany(s => new[] { s.From, s.To, s.Field }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        // Closing the object to unknown fields has no one field to address: any migration (then the job lists what still fails) will do.
        return [.. breaking.Where(change => !touched.Any(field => change.StartsWith($"'{field}'", StringComparison.Ordinal))
                                            && !(steps.Count > 0 && change.StartsWith("additionalProperties", StringComparison.Ordinal)))];
    }

    private static HashSet<string> Fields(JsonElement schema) =>
        schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
