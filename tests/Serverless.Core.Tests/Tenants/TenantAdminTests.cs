using Serverless.Testing;

namespace Serverless.Core.Tests.Tenants;

public sealed class TenantAdminTests(ClassDatabase fixture) : IClassFixture<ClassDatabase>
{
    private TenantSeeder Seeder => fixture.Db.Seeder;

    [Fact]
    public async Task Create_ThenFindAndList_ReturnTheTenant()
    {
        var created = await Seeder.Tenants.CreateAsync($"acme-{Guid.NewGuid():N}"[..20], "Acme Corp", "premium", default);

        var found = await Seeder.Tenants.FindAsync(created.Slug, default);
        var all = await Seeder.Tenants.ListAsync(default);

        Assert.Equal(created, found);
        Assert.Contains(created, all);
    }

    [Fact]
    public async Task Create_SameSlugTwice_IsRefusedClearly()
    {
        var slug = $"twice-{Guid.NewGuid():N}"[..20];
        await Seeder.Tenants.CreateAsync(slug, "One", "free", default);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Seeder.Tenants.CreateAsync(slug, "Two", "free", default));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Not A Slug", "standard")]
    [InlineData("fine", "platinum")]
    public async Task Create_InvalidSlugOrTier_IsRefused(string slug, string tier)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Seeder.Tenants.CreateAsync(slug, "x", tier, default));
    }
}
