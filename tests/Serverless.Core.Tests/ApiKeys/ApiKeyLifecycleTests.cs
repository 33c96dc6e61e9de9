using Serverless.Core.ApiKeys;
using Serverless.Core.Data;
using Serverless.Testing;

namespace Serverless.Core.Tests.ApiKeys;

public sealed class ApiKeyLifecycleTests(ClassDatabase fixture) : IClassFixture<ClassDatabase>
{
    private TenantSeeder Seeder => fixture.Db.Seeder;
    private Databases App => fixture.Db.App;

    [Fact]
    public async Task Authenticate_IssuedKey_ResolvesItsTenant_AsTheApplicationRole()
    {
        var seeded = await Seeder.TenantWithKeyAsync();

        var key = await new ApiKeyAuthenticator(App, TimeProvider.System).AuthenticateAsync(seeded.ApiKey, default);

        Assert.NotNull(key);
        Assert.Equal(seeded.Tenant.Id, key.TenantId);
        Assert.Equal(seeded.KeyInfo.Id, key.KeyId);
        Assert.Equal(seeded.Tenant.Slug, key.TenantSlug);
    }

    [Fact]
    public async Task Authenticate_OnAReadOnlyReplica_Works_AsInASecondaryRegion()
    {
        var seeded = await Seeder.TenantWithKeyAsync();
        await fixture.Db.Database.WaitForReplicaAsync();
        await using var secondary = Databases.Create(new DatabaseOptions { Primary = fixture.Db.Database.Replica });

        var key = await new ApiKeyAuthenticator(secondary, TimeProvider.System).AuthenticateAsync(seeded.ApiKey, default);

        Assert.NotNull(key);
        Assert.Equal(seeded.Tenant.Id, key.TenantId);
    }

    [Fact]
    public async Task Authenticate_WithThePrimaryDown_IsAnsweredByTheReplica()
    {
        var seeded = await Seeder.TenantWithKeyAsync();
        await fixture.Db.Database.WaitForReplicaAsync();
        var nobody = new Npgsql.NpgsqlConnectionStringBuilder(fixture.Db.Database.Primary) { Port = 1, Timeout = 2 }.ConnectionString;
        await using var primaryDown = Databases.Create(new DatabaseOptions { Primary = nobody, Replica = fixture.Db.Database.Replica });

        var key = await new ApiKeyAuthenticator(primaryDown, TimeProvider.System).AuthenticateAsync(seeded.ApiKey, default);

        Assert.Equal(seeded.Tenant.Id, key?.TenantId);
    }

    [Fact]
    public async Task Authenticate_AKeyTheReplicaHasNotSeenYet_IsConfirmedOnThePrimary()
    {
        // A replica that has not replayed this database at all (3D000) stands for one that lags behind a new key.
        var seeded = await Seeder.TenantWithKeyAsync();
        var lagging = new Npgsql.NpgsqlConnectionStringBuilder(fixture.Db.Database.Replica) { Database = "no_such_database" }.ConnectionString;
        await using var databases = Databases.Create(new DatabaseOptions { Primary = fixture.Db.Database.Primary, Replica = lagging });

        var key = await new ApiKeyAuthenticator(databases, TimeProvider.System).AuthenticateAsync(seeded.ApiKey, default);

        Assert.Equal(seeded.Tenant.Id, key?.TenantId);
    }

    [Fact]
    public async Task Authenticate_RightPrefixWrongSecret_IsRejected()
    {
        var seeded = await Seeder.TenantWithKeyAsync();
        var forged = seeded.ApiKey[..^4] + "AAAA";

        Assert.Null(await new ApiKeyAuthenticator(App, TimeProvider.System).AuthenticateAsync(forged, default));
    }

    [Fact]
    public async Task Authenticate_RevokedKey_IsRejected()
    {
        var seeded = await Seeder.TenantWithKeyAsync();

        await Seeder.Keys.RevokeAsync(seeded.KeyInfo.Id, TimeSpan.Zero, default);
        // Keys are checked on the replica: a revocation counts once the replica has replayed it.
        await fixture.Db.Database.WaitForReplicaAsync();

        Assert.Null(await new ApiKeyAuthenticator(App, TimeProvider.System).AuthenticateAsync(seeded.ApiKey, default));
    }

    [Fact]
    public async Task Rotate_BothKeysWorkDuringGrace_ThenOnlyTheNewOne()
    {
        var seeded = await Seeder.TenantWithKeyAsync();

        var rotated = await Seeder.Keys.RotateAsync(seeded.KeyInfo.Id, TimeSpan.FromMinutes(10), default);
        await fixture.Db.Database.WaitForReplicaAsync();

        Assert.NotNull(rotated);
        var now = new ApiKeyAuthenticator(App, TimeProvider.System);
        Assert.NotNull(await now.AuthenticateAsync(seeded.ApiKey, default));
        Assert.NotNull(await now.AuthenticateAsync(rotated.Value.Key, default));
        var later = new ApiKeyAuthenticator(App, new ShiftedClock(TimeSpan.FromMinutes(11)));
        Assert.Null(await later.AuthenticateAsync(seeded.ApiKey, default));
        Assert.NotNull(await later.AuthenticateAsync(rotated.Value.Key, default));
    }

    [Fact]
    public async Task List_ShowsKeysWithoutSecrets_AndNotesUse()
    {
        var seeded = await Seeder.TenantWithKeyAsync();
        var authenticator = new ApiKeyAuthenticator(App, TimeProvider.System);
        await authenticator.AuthenticateAsync(seeded.ApiKey, default);
        // A check answered by the replica cannot write there: the API notes the use on the primary afterwards.
        await authenticator.NoteUseAsync(seeded.KeyInfo.Prefix, default);

        var keys = await Seeder.Keys.ListAsync(seeded.Tenant.Id, default);

        var key = Assert.Single(keys);
        Assert.Equal(seeded.KeyInfo.Prefix, key.Prefix);
        Assert.NotNull(key.LastUsedAt);
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
