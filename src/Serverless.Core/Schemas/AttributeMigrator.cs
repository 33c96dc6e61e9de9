using System.Text.Json;
using Npgsql;
using Serverless.Core.Audit;
using Serverless.Core.Content;
using Serverless.Core.Data;
using Serverless.Core.Jobs;
using static Serverless.Core.Data.SqlParams;

namespace Serverless.Core.Schemas;

/// <summary>
/// Runs one attribute migration (the <c>content.attributes.migrate</c> job) in batches. Each batch is one
/// transaction that migrates its items (a new item version and revision each), advances the cursor and
/// the counts, and lists the items it could not migrate. So a run killed at any point loses nothing and
/// repeats nothing: the next run (the job's redelivery) starts after the last committed batch, and an item
/// already at the target version is never selected again. Items stay readable and writable throughout:
/// rows are locked only for the length of one batch.
/// </summary>
public sealed class AttributeMigrator(Databases databases, AttributeValidator validator, TimeProvider time)
{
    private const int MaxListedFailures = 1000;

    /// <summary>Runs until the migration is complete, or <paramref name="maxBatches"/> batches were committed.</summary>
    /// <returns>The migration's status after the run; null when the tenant has no such migration.</returns>
    public async Task<AttributeMigrationStatus?> RunAsync(
        Guid tenantId, Guid migrationId, AttributeMigrationOptions options, int? maxBatches, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var batches = 0;
        while (true)
        {
            var (status, more) = await RunBatchAsync(tenantId, migrationId, Math.Clamp(options.BatchSize, 1, 1000), ct);
            if (status is null || !more || ++batches == maxBatches)
            {
                return status;
            }
            if (options.PauseMilliseconds > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(options.PauseMilliseconds), time, ct);
            }
        }
    }

    private async Task<(AttributeMigrationStatus? Status, bool More)> RunBatchAsync(Guid tenantId, Guid migrationId, int batchSize, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "schemas.migrate", ct);
        var migration = await ReadStatusAsync(session, tenantId, "id = $2 FOR UPDATE", ct, Uuid(migrationId));
        if (migration is null)
        {
            return (null, false);
        }
        if (migration.Status is AttributeMigrationStatus.Succeeded or AttributeMigrationStatus.CompletedWithFailures)
        {
            await CompleteJobAsync(session, tenantId, migration, ct);
            await session.CommitAsync(ct);
            return (migration, false);
        }

        var versions = await SchemaStore.LoadAsync(session, tenantId, migration.Type, ct);
        var target = versions.Single(v => v.Version == migration.ToVersion);
        var items = await SelectBatchAsync(session, tenantId, migration, batchSize, ct);
        if (items.Count == 0)
        {
            var done = migration.Failed > 0 ? AttributeMigrationStatus.CompletedWithFailures : AttributeMigrationStatus.Succeeded;
            await using (var finish = session.Command("""
                UPDATE attribute_migrations SET status = $3, started_at = coalesce(started_at, now()), updated_at = now(), completed_at = now()
                 WHERE tenant_id = $1 AND id = $2
                """))
            {
                finish.Parameters.Add(Uuid(tenantId));
                finish.Parameters.Add(Uuid(migrationId));
                finish.Parameters.Add(Text(done));
                await finish.ExecuteNonQueryAsync(ct);
            }
            var finished = await ReadStatusAsync(session, tenantId, "id = $2", ct, Uuid(migrationId));
            await CompleteJobAsync(session, tenantId, finished!, ct);
            await session.CommitAsync(ct);
            return (finished, false);
        }

        var actor = AuditContext.Current?.Actor ?? $"job:{migration.JobId}";
        int migrated = 0, moved = 0;
        var failures = new List<MigrationFailure>();
        foreach (var (item, fromVersion) in items)
        {
            var steps = versions.Where(v => v.Version > fromVersion && v.Version <= target.Version).SelectMany(v => v.Migration ?? []);
            var result = MigrationPlan.Apply(steps, MigrationPlan.Parse(item.Attributes.GetRawText()));
            var json = result.Attributes.ToJsonString();
            var (type, schema) = (migration.Type, target);
            if (result.MovedToType is { } toType)
            {
                var targetVersions = await SchemaStore.LoadAsync(session, tenantId, toType, ct);
                if (targetVersions.Count == 0)
                {
                    failures.Add(new MigrationFailure(item.Id, item.Slug, item.Locale, $"The type '{toType}' has no schema."));
                    continue;
                }
                if (await ExistsAsync(session, tenantId, toType, item.Slug, item.Locale, ct))
                {
                    failures.Add(new MigrationFailure(item.Id, item.Slug, item.Locale, $"An item of type '{toType}' with this slug and locale already exists."));
                    continue;
                }
                (type, schema) = (toType, targetVersions[^1]);
            }
            using (var document = JsonDocument.Parse(json))
            {
                var errors = validator.Validate(tenantId, schema, document.RootElement);
                if (errors.Count > 0)
                {
                    failures.Add(new MigrationFailure(item.Id, item.Slug, item.Locale,
                        $"Not valid under {schema.Type} version {schema.Version} after migrating: {string.Join("; ", errors)}"));
                    continue;
                }
            }
            await using var update = session.Command($"""
                UPDATE content_items SET type = $3, attributes = $4, schema_version = $5, version = version + 1, updated_at = now()
                 WHERE tenant_id = $1 AND id = $2
                RETURNING {ContentStore.Columns}
                """);
            update.Parameters.Add(Uuid(tenantId));
            update.Parameters.Add(Uuid(item.Id));
            update.Parameters.Add(Text(type));
            update.Parameters.Add(Jsonb(json));
            update.Parameters.Add(Int(schema.Version));
            ContentItem updated;
            await using (var reader = await update.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                updated = ContentStore.Read(reader);
            }
            await ContentStore.AppendRevisionAsync(session, tenantId, updated, actor, ct);
            if (result.MovedToType is null)
            {
                migrated++;
            }
            else
            {
                moved++;
            }
        }

        await using (var progress = session.Command("""
            UPDATE attribute_migrations
               SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now(), batches = batches + 1,
                   last_id = $3, migrated = migrated + $4, moved = moved + $5, failed = failed + $6,
                   failures = CASE WHEN jsonb_array_length(failures) >= $8 THEN failures ELSE failures || $7 END
             WHERE tenant_id = $1 AND id = $2
            """))
        {
            progress.Parameters.Add(Uuid(tenantId));
            progress.Parameters.Add(Uuid(migrationId));
            progress.Parameters.Add(Uuid(items[^1].Item.Id));
            progress.Parameters.Add(Int(migrated));
            progress.Parameters.Add(Int(moved));
            progress.Parameters.Add(Int(failures.Count));
            progress.Parameters.Add(Jsonb(JsonSerializer.Serialize(failures, SchemaJsonContext.Default.ListMigrationFailure)));
            progress.Parameters.Add(Int(MaxListedFailures));
            await progress.ExecuteNonQueryAsync(ct);
        }
        var now = await ReadStatusAsync(session, tenantId, "id = $2", ct, Uuid(migrationId));
        await session.CommitAsync(ct);
        return (now, true);
    }

    /// <summary>The next batch after the cursor, locked for this transaction (writers of those items wait for it).</summary>
    private static async Task<List<(ContentItem Item, int FromVersion)>> SelectBatchAsync(
        TenantSession session, Guid tenantId, AttributeMigrationStatus migration, int batchSize, CancellationToken ct)
    {
        await using var select = session.Command($"""
            SELECT {ContentStore.Columns} FROM content_items
             WHERE tenant_id = $1 AND type = $2 AND coalesce(schema_version, 0) < $3
               AND ($4::uuid IS NULL OR id > $4)
             ORDER BY id
             LIMIT $5
               FOR UPDATE
            """);
        select.Parameters.Add(Uuid(tenantId));
        select.Parameters.Add(Text(migration.Type));
        select.Parameters.Add(Int(migration.ToVersion));
        select.Parameters.Add(new NpgsqlParameter { Value = migration.LastId is { } last ? last : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        select.Parameters.Add(Int(batchSize));
        var items = new List<(ContentItem, int)>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var item = ContentStore.Read(reader);
            items.Add((item, item.SchemaVersion ?? 0));
        }
        return items;
    }

    private static async Task<bool> ExistsAsync(TenantSession session, Guid tenantId, string type, string slug, string locale, CancellationToken ct)
    {
        await using var select = session.Command("SELECT 1 FROM content_items WHERE tenant_id = $1 AND type = $2 AND slug = $3 AND locale = $4 AND deleted_at IS NULL");
        select.Parameters.Add(Uuid(tenantId));
        select.Parameters.Add(Text(type));
        select.Parameters.Add(Text(slug));
        select.Parameters.Add(Text(locale));
        return await select.ExecuteScalarAsync(ct) is not null;
    }

    private static Task CompleteJobAsync(TenantSession session, Guid tenantId, AttributeMigrationStatus migration, CancellationToken ct) =>
        JobStore.CompleteAsync(session, tenantId, migration.JobId, JsonSerializer.Serialize(
            new AttributeMigrationResult(migration.Id, migration.Status, migration.Total, migration.Migrated, migration.Moved, migration.Failed),
            SchemaJsonContext.Default.AttributeMigrationResult), ct);

    internal static async Task<AttributeMigrationStatus?> ReadStatusAsync(
        TenantSession session, Guid tenantId, string where, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var select = session.Command($"""
            SELECT id, type, to_version, job_id, status, total, migrated, moved, failed, batches, failures,
                   created_at, started_at, updated_at, completed_at, last_id
              FROM attribute_migrations WHERE tenant_id = $1 AND {where}
            """);
        select.Parameters.Add(Uuid(tenantId));
        select.Parameters.AddRange(parameters);
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new AttributeMigrationStatus(
            reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetGuid(3), reader.GetString(4),
            reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9),
            JsonSerializer.Deserialize(reader.GetString(10), SchemaJsonContext.Default.ListMigrationFailure) ?? [],
            reader.GetFieldValue<DateTimeOffset>(11), reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
            reader.GetFieldValue<DateTimeOffset>(13), reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14))
        {
            LastId = reader.IsDBNull(15) ? null : reader.GetGuid(15),
        };
    }
}
