using Npgsql;
using NpgsqlTypes;
using Serverless.Core.Content;
using Serverless.Core.Data;
using Serverless.Testing;

namespace Serverless.Core.Tests.Data;

/// <summary>
/// Pooled connections are not reset (No Reset On Close) and single statements run with the tenant prelude in
/// one batch: row-level security must stay exactly as strong. A pool of one connection makes every session
/// below reuse the same server session, so anything that survived one would show in the next.
/// </summary>
public sealed class TenantSessionPoolTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Databases _databases = null!;
    private TenantSeeder _seeder = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("pool");
        var one = new NpgsqlConnectionStringBuilder(_db.Primary) { MaxPoolSize = 1 }.ConnectionString;
        _databases = Databases.Create(new DatabaseOptions { Primary = one, Replica = one });
        _seeder = new TenantSeeder(_db.Admin);
    }

    [Fact]
    public async Task NoTenantSetting_SurvivesACommittedSession_ARolledBackSession_AFailedSession_OrASingleStatement()
    {
        var tenant = (await _seeder.TenantWithKeyAsync()).Tenant.Id;
        var store = new ContentStore(_databases);
        await store.CreateAsync(tenant, "test", new NewContent("article", "pooled", "en", "draft", "Pooled", "", "{}", null), default);

        await using (var committed = await TenantSession.BeginAsync(_databases, DataSourceKind.Primary, tenant, "test", default))
        {
            await committed.CommitAsync(default);
        }
        Assert.Equal(0, await VisibleRowsWithoutATenantAsync());

        await using (await TenantSession.BeginAsync(_databases, DataSourceKind.Primary, tenant, "test", default))
        {
            // Disposed without a commit: rolled back.
        }
        Assert.Equal(0, await VisibleRowsWithoutATenantAsync());

        await using (var failed = await TenantSession.BeginAsync(_databases, DataSourceKind.Primary, tenant, "test", default))
        {
            await using var broken = failed.Command("SELECT 1/0");
            await Assert.ThrowsAsync<PostgresException>(() => broken.ExecuteScalarAsync());
        }
        Assert.Equal(0, await VisibleRowsWithoutATenantAsync());

        Assert.Single((await store.ListAsync(tenant, new ContentQuery(null, null, null, 10, null), default)).Items);
        Assert.Equal(0, await VisibleRowsWithoutATenantAsync());

        await Assert.ThrowsAsync<PostgresException>(() => TenantSession.OnceAsync(_databases, DataSourceKind.Primary, tenant, "test",
            "SELECT 1/0", _ => { }, async (r, ct) => await r.ReadAsync(ct), default));
        Assert.Equal(0, await VisibleRowsWithoutATenantAsync());
    }

    [Fact]
    public async Task ASingleStatement_SeesOnlyItsTenantsRows_AndTheSettingCoversTheWholeStatement()
    {
        var mine = (await _seeder.TenantWithKeyAsync()).Tenant.Id;
        var theirs = (await _seeder.TenantWithKeyAsync()).Tenant.Id;
        var store = new ContentStore(_databases);
        var item = (await store.CreateAsync(theirs, "test", new NewContent("article", "theirs", "en", "draft", "Theirs", "", "{}", null), default)).Item!;
        await store.CreateAsync(mine, "test", new NewContent("article", "mine", "en", "draft", "Mine", "", "{}", null), default);

        // Without the tenant_id filter in SQL, only row-level security stands between the tenants.
        var visible = await TenantSession.OnceAsync(_databases, DataSourceKind.Primary, mine, "test",
            "SELECT count(*) FROM content_items", _ => { }, async (r, ct) => { await r.ReadAsync(ct); return r.GetInt64(0); }, default);

        Assert.Equal(1, visible);
        Assert.Null(await store.GetAsync(mine, item.Id, DataSourceKind.Primary, default));
        Assert.NotNull(await store.GetAsync(theirs, item.Id, DataSourceKind.Primary, default));
    }

    [Fact]
    public async Task ACommit_WhileTheFlowTracksCommits_NotesAPositionThatCoversIt_OnTheReplica()
    {
        var tenant = (await _seeder.TenantWithKeyAsync()).Tenant.Id;
        var store = new ContentStore(_databases);
        var positions = CommitPositions.Track();

        await store.CreateAsync(tenant, "test", new NewContent("article", "tracked", "en", "draft", "Tracked", "", "{}", null), default);

        var noted = Assert.IsType<NpgsqlLogSequenceNumber>(positions.Latest);
        // A replica that has replayed up to the noted position has the row: what a consistency token relies on.
        await using var replica = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_db.Replica) { Username = "postgres" }.ConnectionString);
        await replica.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            await using var replayed = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn()", replica);
            if ((NpgsqlLogSequenceNumber)(await replayed.ExecuteScalarAsync())! >= noted)
            {
                break;
            }
            await Task.Delay(5);
        }
        await using var rows = new NpgsqlCommand("SELECT count(*) FROM content_items WHERE slug = 'tracked'", replica);
        Assert.Equal(1L, await rows.ExecuteScalarAsync());
    }

    /// <summary>Through the same (only) pooled connection, with no session of ours around it.</summary>
    private async Task<long> VisibleRowsWithoutATenantAsync()
    {
        await using var connection = await _databases.Primary.OpenConnectionAsync();
        await using var setting = new NpgsqlCommand("SELECT coalesce(current_setting('app.tenant_id', true), '')", connection);
        Assert.Equal("", await setting.ExecuteScalarAsync());
        await using var count = new NpgsqlCommand("SELECT count(*) FROM content_items", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await _databases.DisposeAsync();
        await _seeder.DisposeAsync();
        await _db.DisposeAsync();
    }
}
