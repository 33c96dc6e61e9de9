using System.Text.Json;
using Serverless.Core.Content;
using Serverless.Core.Data;
using Serverless.Core.Jobs;
using Serverless.Core.Schemas;

namespace Serverless.Core.Tests.Schemas;

/// <summary>
/// A rename with a migration, against the real primary: the job stops after a batch (as a killed worker's
/// committed work), writes go on meanwhile, and the next run finishes without losing or repeating anything.
/// </summary>
public sealed class AttributeMigratorTests(ClassDatabase database) : IClassFixture<ClassDatabase>
{
    private static readonly AttributeMigrationOptions Small = new() { BatchSize = 4 };

    private readonly ContentStore _content = new(database.Db.App, new AttributeSchemas());
    private readonly SchemaStore _schemas = new(database.Db.App, new JobStore(database.Db.App, TimeProvider.System));
    private readonly AttributeMigrator _migrator = new(database.Db.App, new AttributeValidator(), TimeProvider.System);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static NewSchemaVersion Version(string schema, params MigrationStep[] steps) =>
        new("article", Json(schema), [], steps.Length == 0 ? null : steps);

    private const string AuthorSchema = """{"type":"object","properties":{"author":{"type":"string"}}}""";
    private const string BylineSchema = """{"type":"object","required":["byline"],"properties":{"byline":{"type":"string"}}}""";
    private static readonly MigrationStep RenameAuthor = new(MigrationStep.Rename, From: "author", To: "byline");

    private async Task<ContentItem> CreateAsync(Guid tenantId, string attributes, int? schemaVersion = null)
    {
        var outcome = await _content.CreateAsync(tenantId, "test",
            new NewContent("article", $"a-{Guid.NewGuid():N}"[..12], "en", "draft", "T", "", attributes, schemaVersion), CancellationToken.None);
        Assert.True(outcome.Status == WriteStatus.Done, string.Join("; ", outcome.Errors?.SelectMany(e => e.Value) ?? []));
        return outcome.Item!;
    }

    [Fact]
    public async Task ABreakingVersionWithoutAMigration_IsRefused_AndNothingIsStored()
    {
        var tenant = await database.Db.Seeder.TenantWithKeyAsync();
        await _schemas.CreateAsync(tenant.Tenant.Id, "standard", "test", Version(AuthorSchema), CancellationToken.None);

        var outcome = await _schemas.CreateAsync(tenant.Tenant.Id, "standard", "test", Version(BylineSchema), CancellationToken.None);

        Assert.Equal(SchemaWriteStatus.Incompatible, outcome.Status);
        Assert.Contains(outcome.BreakingChanges!, c => c.StartsWith("'author' is removed", StringComparison.Ordinal));
        Assert.Single(await _schemas.ListAsync(tenant.Tenant.Id, "article", CancellationToken.None));
    }

    [Fact]
    public async Task AMigrationStoppedAfterABatch_ResumesWithoutLossOrRepeats_WhileWritesGoOn()
    {
        var tenantId = (await database.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        await _schemas.CreateAsync(tenantId, "standard", "test", Version(AuthorSchema), CancellationToken.None);
        var items = new List<ContentItem>();
        for (var i = 0; i < 10; i++)
        {
            items.Add(await CreateAsync(tenantId, $$"""{"author":"author {{i}}"}"""));
        }
        var withoutAuthor = await CreateAsync(tenantId, "{}");
        Assert.All(items, item => Assert.Equal(1, item.SchemaVersion));

        var created = await _schemas.CreateAsync(tenantId, "standard", "test", Version(BylineSchema, RenameAuthor), CancellationToken.None);
        Assert.Equal(SchemaWriteStatus.Created, created.Status);
        Assert.False(created.Schema!.Compatible);
        var migrationId = created.MigrationId!.Value;

        // The first run stops after one committed batch, as a worker killed after it would.
        var stopped = await _migrator.RunAsync(tenantId, migrationId, Small, maxBatches: 1, CancellationToken.None);
        Assert.Equal(AttributeMigrationStatus.Running, stopped!.Status);
        Assert.Equal(11, stopped.Total);
        Assert.Equal(4, stopped.Migrated);

        // Writes go on meanwhile: an old client writes the old shape against version 1, a new one the new shape.
        var last = items[^1];
        var oldClient = await _content.UpdateAsync(tenantId, "test", last.Id, last.Version,
            new ContentChanges("draft", "T", "", """{"author":"rewritten"}""", SchemaVersion: 1), CancellationToken.None);
        var oldCreate = await CreateAsync(tenantId, """{"author":"late"}""", schemaVersion: 1);
        var newCreate = await CreateAsync(tenantId, """{"byline":"new"}""");
        Assert.Equal(2, oldClient.Item!.SchemaVersion);
        Assert.Equal("rewritten", oldClient.Item.Attributes.GetProperty("byline").GetString());
        Assert.Equal(2, oldCreate.SchemaVersion);
        Assert.Equal("late", oldCreate.Attributes.GetProperty("byline").GetString());
        Assert.Equal(2, newCreate.SchemaVersion);

        var finished = await _migrator.RunAsync(tenantId, migrationId, Small, maxBatches: null, CancellationToken.None);
        var again = await _migrator.RunAsync(tenantId, migrationId, Small, maxBatches: null, CancellationToken.None);

        Assert.Equal(AttributeMigrationStatus.CompletedWithFailures, finished!.Status);
        Assert.Equal(9, finished.Migrated); // 10 with an author, less the one the old client's write migrated itself
        var failure = Assert.Single(finished.Failures);
        Assert.Equal(withoutAuthor.Id, failure.ItemId);
        Assert.Contains("byline", failure.Reason, StringComparison.Ordinal);
        Assert.Equal((finished.Status, finished.Migrated, finished.Failed, finished.Batches), (again!.Status, again.Migrated, again.Failed, again.Batches));
        for (var i = 0; i < items.Count; i++)
        {
            var now = (await _content.GetAsync(tenantId, items[i].Id, DataSourceKind.Primary, CancellationToken.None))!;
            Assert.Equal(2, now.SchemaVersion);
            Assert.Equal(i == items.Count - 1 ? "rewritten" : $"author {i}", now.Attributes.GetProperty("byline").GetString());
            Assert.False(now.Attributes.TryGetProperty("author", out _));
            // One revision for the create and exactly one for the migration (or the old client's write).
            Assert.Equal(2, (await _content.ListRevisionsAsync(tenantId, items[i].Id, DataSourceKind.Primary, CancellationToken.None))!.Count);
        }
        var unmigrated = (await _content.GetAsync(tenantId, withoutAuthor.Id, DataSourceKind.Primary, CancellationToken.None))!;
        Assert.Equal(1, unmigrated.SchemaVersion);
        var job = await new JobStore(database.Db.App, TimeProvider.System).GetAsync(tenantId, created.Job!.JobId, CancellationToken.None);
        Assert.Equal(JobStatus.Succeeded, job!.Status);
    }

    [Fact]
    public async Task AttributesThatBreakTheSchema_AreRefusedWithTheirPath()
    {
        var tenantId = (await database.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        await _schemas.CreateAsync(tenantId, "standard", "test", Version(AuthorSchema), CancellationToken.None);

        var outcome = await _content.CreateAsync(tenantId, "test",
            new NewContent("article", "bad-author", "en", "draft", "T", "", """{"author":42}"""), CancellationToken.None);

        Assert.Equal(WriteStatus.Invalid, outcome.Status);
        Assert.Contains(outcome.Errors!["attributes"], e => e.StartsWith("/author", StringComparison.Ordinal));
    }
}
