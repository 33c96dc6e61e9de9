using Npgsql;
using Serverless.Core.Data.Migrations;
using Serverless.Testing;

namespace Serverless.Core.Tests.Data;

public sealed class MigratorTests
{
    [Fact]
    public async Task Migrate_AppliedTwice_SecondRunIsANoOp()
    {
        await using var db = await TestDatabase.CreateAsync("mig_twice", migrate: false);

        var first = await Migrator.MigrateAsync(db.Admin);
        var second = await Migrator.MigrateAsync(db.Admin);

        Assert.Equal(Migrator.All.Select(m => m.Version), first.Select(m => m.Version));
        Assert.Empty(second);
        Assert.Equal(Migrator.All.Count, await CountAppliedAsync(db));
    }

    [Fact]
    public async Task Migrate_TwoMigratorsAtOnce_ApplyEachMigrationExactlyOnce()
    {
        await using var db = await TestDatabase.CreateAsync("mig_race", migrate: false);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator.MigrateAsync(db.Admin))));

        Assert.Equal(Migrator.All.Count, runs.Sum(r => r.Count));
        Assert.Equal(Migrator.All.Count, await CountAppliedAsync(db));
    }

    [Fact]
    public async Task Migrate_AppliedMigrationWasEdited_RefusesToContinue()
    {
        await using var db = await TestDatabase.CreateAsync("mig_edit");
        await using (var conn = new NpgsqlConnection(db.Admin))
        {
            await conn.OpenAsync();
            await using var tamper = new NpgsqlCommand("UPDATE schema_migrations SET checksum = 'changed' WHERE version = 1", conn);
            await tamper.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator.MigrateAsync(db.Admin));

        Assert.Contains("forward-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrations_AreOrderedByNumber_WithNoNumberTwice()
    {
        var versions = Migrator.All.Select(m => m.Version).ToList();

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.Equal(1, versions[0]);
    }

    private static async Task<long> CountAppliedAsync(TestDatabase db)
    {
        await using var conn = new NpgsqlConnection(db.Admin);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM schema_migrations", conn);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
