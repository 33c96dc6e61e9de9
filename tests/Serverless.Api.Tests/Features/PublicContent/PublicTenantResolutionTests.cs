using Npgsql;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>
/// The public path finds a tenant by slug without giving the application role cross-tenant reads:
/// resolve_public_tenant answers one slug with one id, while the tenants table stays invisible.
/// </summary>
public sealed class PublicTenantResolutionTests(PublicContentFixture api) : IClassFixture<PublicContentFixture>
{
    [Fact]
    public async Task AppRole_ResolvesASlugToItsIdOnly_AndStillSeesNoTenantRows()
    {
        var tenant = await api.Db.Seeder.TenantWithKeyAsync();
        await using var app = NpgsqlDataSource.Create(api.Db.Database.Primary);

        await using var resolve = app.CreateCommand("SELECT resolve_public_tenant($1)");
        resolve.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant.Tenant.Slug });
        await using var unknown = app.CreateCommand("SELECT resolve_public_tenant('no-such-tenant')");
        await using var scan = app.CreateCommand("SELECT count(*) FROM tenants");

        Assert.Equal(tenant.Tenant.Id, await resolve.ExecuteScalarAsync());
        Assert.Equal(DBNull.Value, await unknown.ExecuteScalarAsync());
        Assert.Equal(0L, await scan.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Metrics_ExportReplicaLag()
    {
        // The lag monitor samples in the background: the gauge appears once it has taken its first sample.
        var client = api.Api.Client();
        var metrics = await client.GetStringAsync("/metrics");
        for (var deadline = DateTime.UtcNow.AddSeconds(15);
             !metrics.Contains("serverless_db_replica_lag_bytes", StringComparison.Ordinal) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(50);
            metrics = await client.GetStringAsync("/metrics");
        }

        Assert.Contains("serverless_db_replica_lag_bytes", metrics, StringComparison.Ordinal);
    }
}
