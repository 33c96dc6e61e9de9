using Npgsql;
using Serverless.Core.ApiKeys;
using Serverless.Core.Tenants;

namespace Serverless.Testing;

/// <summary>Creates tenants and keys the way an operator does (through the CLI's code paths).</summary>
public sealed class TenantSeeder(string adminConnectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _admin = NpgsqlDataSource.Create(adminConnectionString);

    public TenantAdmin Tenants => new(_admin);

    public ApiKeyAdmin Keys => new(_admin, TimeProvider.System);

    public async Task<SeededTenant> TenantWithKeyAsync(string? slug = null)
    {
        var tenant = await Tenants.CreateAsync(slug ?? $"t-{Guid.NewGuid():N}"[..20], "Test tenant", "standard", CancellationToken.None);
        var (info, key) = await Keys.IssueAsync(tenant.Id, "test", CancellationToken.None);
        return new SeededTenant(tenant, info, key);
    }

    public ValueTask DisposeAsync() => _admin.DisposeAsync();
}
