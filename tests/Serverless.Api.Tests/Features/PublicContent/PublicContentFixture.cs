using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>A fresh database and one API instance on the shared primary, replica and Redis.</summary>
public class PublicContentFixture : IAsyncLifetime
{
    public DatabaseFixture Db { get; private set; } = null!;

    public ApiHost Api { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Db = await DatabaseFixture.CreateAsync("public");
        Api = new ApiHost(Db, Settings);
    }

    public async Task<(SeededTenant Tenant, HttpClient Writer)> TenantAsync()
    {
        var tenant = await Db.Seeder.TenantWithKeyAsync();
        return (tenant, Api.Client(tenant.ApiKey));
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Db.DisposeAsync();
    }
}
