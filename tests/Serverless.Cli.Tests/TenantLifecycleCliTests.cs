using System.IO.Compression;
using System.Text.Json;
using Npgsql;
using Serverless.Core.Drafts;
using Serverless.Core.Jobs;
using Serverless.Core.Prompts;
using Serverless.Core.Schemas;
using Serverless.Core.Tenants;
using Serverless.Testing;

namespace Serverless.Cli.Tests;

/// <summary>
/// The operator's lifecycle commands against a real database: update, export and offboard, each in the
/// append-only operator audit. Counts come from the catalog, as the commands' own do, so a table added
/// later is covered by these tests too.
/// </summary>
public sealed class TenantLifecycleCliTests : IAsyncLifetime
{
    private DatabaseFixture _db = null!;

    public async Task InitializeAsync() => _db = await DatabaseFixture.CreateAsync("cli-lifecycle");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    /// <summary>A tenant with rows in many tables: content and history, a draft in review, jobs, a schema with a migration,
    /// its own prompt version and pin, audit rows.</summary>
    private async Task<SeededTenant> BusyTenantAsync()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var drafts = new DraftSeeder(_db.App, _db.Database.Admin);
        var item = await drafts.ContentAsync(tenant.Tenant.Id, title: "Line one\nline \"two\"");
        await drafts.DraftAsync(tenant.Tenant.Id, item.Id, confidence: 0.4m);
        var schemas = new SchemaStore(_db.App, new JobStore(_db.App, TimeProvider.System));
        static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
        await schemas.CreateAsync(tenant.Tenant.Id, "standard", "test", new NewSchemaVersion("note", Json("""{"properties":{"a":{"type":"string"}}}"""), [], null), default);
        await schemas.CreateAsync(tenant.Tenant.Id, "standard", "test", new NewSchemaVersion("note", Json("""{"properties":{"b":{"type":"string"}}}"""), [],
            [new MigrationStep(MigrationStep.Rename, From: "a", To: "b")]), default);
        var prompts = new PromptStore(_db.App);
        var own = await prompts.CreateTenantVersionAsync(tenant.Tenant.Id, DraftGenerator.PromptKey, "The tenant's system prompt.", "Draft {{title}}.", null, "test", default);
        Assert.True(await prompts.PinAsync(tenant.Tenant.Id, DraftGenerator.PromptKey, own.Created!.Version, default));
        return tenant;
    }

    [Fact]
    public async Task Offboard_ExportsThenLeavesZeroRowsInEveryTenantOwnedTable_AndATombstone()
    {
        var doomed = await BusyTenantAsync();
        var neighbour = await BusyTenantAsync();
        var lifecycle = new TenantLifecycle(NpgsqlDataSource.Create(_db.Database.Admin));
        var before = await lifecycle.CountAsync(doomed.Tenant.Id, default);
        var neighbourBefore = await lifecycle.CountAsync(neighbour.Tenant.Id, default);
        Assert.True(before.Count(c => c.Value > 0) >= 8, $"the tenant should have rows in many tables: {string.Join(", ", before)}");
        var export = Path.Combine(Path.GetTempPath(), $"offboard-{Guid.NewGuid():N}.zip");

        var wrongConfirm = await CliProcess.RunAsync(_db.Database.Admin, "tenant", "offboard", doomed.Tenant.Slug, "--export", export, "--confirm", "someone-else");
        var run = await CliProcess.RunAsync(_db.Database.Admin, "tenant", "offboard", doomed.Tenant.Slug, "--export", export, "--confirm", doomed.Tenant.Slug);

        Assert.Equal(1, wrongConfirm.ExitCode);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("0 rows left", run.Output, StringComparison.Ordinal);
        Assert.Contains("content_items: deleted", run.Error, StringComparison.Ordinal);
        // Counted independently of the command, over every table the catalog says is tenant-owned.
        var after = await lifecycle.CountAsync(doomed.Tenant.Id, default);
        Assert.All(after, count => Assert.True(count.Value == 0, $"{count.Key} still has {count.Value} rows"));
        Assert.Equal(neighbourBefore, await lifecycle.CountAsync(neighbour.Tenant.Id, default));
        using (var zip = ZipFile.OpenRead(export))
        {
            foreach (var (table, rows) in before.Where(b => b.Key != "audit_log"))
            {
                var entry = zip.GetEntry($"{table}.ndjson") ?? throw new Xunit.Sdk.XunitException($"no {table}.ndjson in the export");
                using var reader = new StreamReader(entry.Open());
                var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(rows, lines.Length);
                Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
            }
            Assert.NotNull(zip.GetEntry("manifest.json"));
        }
        var tombstone = await OperatorAuditAsync(doomed.Tenant.Id, "tenant.offboarded");
        Assert.Equal(doomed.Tenant.Slug, tombstone.Slug);
        Assert.Equal(0, tombstone.Details.GetProperty("rowsLeft").EnumerateObject().Sum(p => p.Value.GetInt64()));
        Assert.Equal(before["content_items"], tombstone.Details.GetProperty("rowsDeleted").GetProperty("content_items").GetInt64());
        File.Delete(export);
    }

    [Fact]
    public async Task Export_StreamsEachTableAsNdjsonWithProgress_AndLeavesTheTenantAsItWas()
    {
        var tenant = await BusyTenantAsync();
        var export = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.zip");

        var run = await CliProcess.RunAsync(_db.Database.Admin, "tenant", "export", tenant.Tenant.Slug, "--out", export);
        var again = await CliProcess.RunAsync(_db.Database.Admin, "tenant", "export", tenant.Tenant.Slug, "--out", export);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("content_items: 1 rows", run.Error, StringComparison.Ordinal);
        Assert.Contains("sha256", run.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode); // never overwrites an earlier export
        using var zip = ZipFile.OpenRead(export);
        using var content = new StreamReader(zip.GetEntry("content_items.ndjson")!.Open());
        var item = JsonDocument.Parse(await content.ReadLineAsync() ?? "").RootElement;
        Assert.Equal("Line one\nline \"two\"", item.GetProperty("title").GetString());
        Assert.Equal(1, (await new TenantLifecycle(NpgsqlDataSource.Create(_db.Database.Admin)).CountAsync(tenant.Tenant.Id, default))["tenants"]);
        Assert.Equal(tenant.Tenant.Slug, (await OperatorAuditAsync(tenant.Tenant.Id, "tenant.exported")).Slug);
        zip.Dispose();
        File.Delete(export);
    }

    [Fact]
    public async Task Update_ChangesNameTierAndSettings_AndRecordsBeforeAndAfter()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();

        var run = await CliProcess.RunAsync(_db.Database.Admin, "tenant", "update", tenant.Tenant.Slug,
            "--name", "Renamed", "--tier", "premium", "--settings", """{"review":{"threshold":0.8}}""");
        var badTier = await CliProcess.RunAsync(_db.Database.Admin, "tenant", "update", tenant.Tenant.Slug, "--tier", "gold");
        var badSettings = await CliProcess.RunAsync(_db.Database.Admin, "tenant", "update", tenant.Tenant.Slug, "--settings", "[1]");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(1, badTier.ExitCode);
        Assert.Equal(1, badSettings.ExitCode);
        var now = await _db.Seeder.Tenants.FindAsync(tenant.Tenant.Slug, default);
        Assert.Equal(("Renamed", "premium"), (now!.Name, now.Tier));
        var audit = await OperatorAuditAsync(tenant.Tenant.Id, "tenant.updated");
        Assert.Equal("standard", audit.Details.GetProperty("before").GetProperty("tier").GetString());
        Assert.Equal(0.8m, audit.Details.GetProperty("after").GetProperty("settings").GetProperty("review").GetProperty("threshold").GetDecimal());
        Assert.StartsWith("operator:", audit.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateSettings_ChangesOnlyTheKeysGiven_AndNullRemovesOne()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        await CliProcess.RunAsync(_db.Database.Admin, "cors", "set", tenant.Tenant.Slug, "https://app.acme.example");
        await CliProcess.RunAsync(_db.Database.Admin, "tenant", "update", tenant.Tenant.Slug,
            "--settings", """{"review":{"autoApprove":true,"minLength":10},"defaultLocale":"de"}""");

        var run = await CliProcess.RunAsync(_db.Database.Admin, "tenant", "update", tenant.Tenant.Slug,
            "--settings", """{"review":{"threshold":0.8,"minLength":null}}""");

        Assert.True(run.ExitCode == 0, run.Error);
        var settings = await SettingsAsync(tenant.Tenant.Id);
        Assert.Equal(0.8m, settings.GetProperty("review").GetProperty("threshold").GetDecimal());
        Assert.True(settings.GetProperty("review").GetProperty("autoApprove").GetBoolean());
        Assert.False(settings.GetProperty("review").TryGetProperty("minLength", out _));
        Assert.Equal("de", settings.GetProperty("defaultLocale").GetString());
        Assert.Equal("https://app.acme.example", settings.GetProperty("cors").GetProperty("origins")[0].GetString());
    }

    [Fact]
    public async Task UpdateSettings_OutOfRange_IsRefusedNamingEachField_AndNothingIsWritten()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var before = (await SettingsAsync(tenant.Tenant.Id)).GetRawText();

        var run = await CliProcess.RunAsync(_db.Database.Admin, "tenant", "update", tenant.Tenant.Slug, "--name", "Not this either",
            "--settings", """{"review":{"threshold":5,"maxLength":0},"publicCache":{"sMaxAge":-1},"defaultLocale":"english please","cors":{"origins":["ftp://x"]}}""");

        Assert.Equal(1, run.ExitCode);
        foreach (var field in new[] { "review.threshold", "review.maxLength", "publicCache.sMaxAge", "defaultLocale", "cors.origins[0]" })
        {
            Assert.Contains(field, run.Error, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("(Parameter", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, (await SettingsAsync(tenant.Tenant.Id)).GetRawText());
        Assert.Equal(tenant.Tenant.Name, (await _db.Seeder.Tenants.FindAsync(tenant.Tenant.Slug, default))!.Name);
    }

    [Fact]
    public async Task SuspendAndResume_FlipTheTenantsState_AndAreAudited()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        var suspension = new TenantSuspension(_db.App);

        var noReason = await CliProcess.RunAsync(_db.Database.Admin, "tenant", "suspend", tenant.Tenant.Slug);
        var suspend = await CliProcess.RunAsync(_db.Database.Admin, "tenant", "suspend", tenant.Tenant.Slug, "--reason", "unpaid invoice");
        var suspended = await suspension.IsSuspendedAsync(tenant.Tenant.Id, Serverless.Core.Data.DataSourceKind.Primary, default);
        var resume = await CliProcess.RunAsync(_db.Database.Admin, "tenant", "resume", tenant.Tenant.Slug);

        Assert.Equal(2, noReason.ExitCode); // a usage error: the required --reason is missing
        Assert.True(suspend.ExitCode == 0, suspend.Error);
        Assert.True(suspended);
        Assert.True(resume.ExitCode == 0, resume.Error);
        Assert.False(await suspension.IsSuspendedAsync(tenant.Tenant.Id, Serverless.Core.Data.DataSourceKind.Primary, default));
        Assert.Equal("unpaid invoice", (await OperatorAuditAsync(tenant.Tenant.Id, "tenant.suspended")).Details.GetProperty("reason").GetString());
        await OperatorAuditAsync(tenant.Tenant.Id, "tenant.resumed");
    }

    [Fact]
    public async Task OperatorAudit_IsAppendOnly_EvenForTheOwner()
    {
        var tenant = await _db.Seeder.TenantWithKeyAsync();
        await CliProcess.RunAsync(_db.Database.Admin, "tenant", "update", tenant.Tenant.Slug, "--name", "Once");
        await using var admin = NpgsqlDataSource.Create(_db.Database.Admin);

        var delete = await Assert.ThrowsAsync<PostgresException>(async () => await admin.CreateCommand("DELETE FROM operator_audit").ExecuteNonQueryAsync());
        var truncate = await Assert.ThrowsAsync<PostgresException>(async () => await admin.CreateCommand("TRUNCATE operator_audit").ExecuteNonQueryAsync());

        Assert.Contains("append-only", delete.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only", truncate.MessageText, StringComparison.Ordinal);
    }

    private async Task<JsonElement> SettingsAsync(Guid tenantId)
    {
        await using var admin = NpgsqlDataSource.Create(_db.Database.Admin);
        await using var select = admin.CreateCommand("SELECT settings::text FROM tenants WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        return JsonDocument.Parse((string)(await select.ExecuteScalarAsync())!).RootElement.Clone();
    }

    private async Task<(string Actor, string Slug, JsonElement Details)> OperatorAuditAsync(Guid tenantId, string action)
    {
        await using var admin = NpgsqlDataSource.Create(_db.Database.Admin);
        await using var select = admin.CreateCommand(
            "SELECT actor, subject_tenant_slug, details::text FROM operator_audit WHERE subject_tenant_id = $1 AND action = $2 ORDER BY created_at DESC LIMIT 1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no {action} in the operator audit");
        return (reader.GetString(0), reader.GetString(1), JsonDocument.Parse(reader.GetString(2)).RootElement.Clone());
    }
}
