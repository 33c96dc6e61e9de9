using Npgsql;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Data;

/// <summary>
/// The second wall: even a query with no WHERE clause, run as the application role, sees only the
/// tenant set for the transaction, and nothing when none is set.
/// </summary>
public sealed class RowLevelSecurityTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("content_items")]
    [InlineData("content_revisions")]
    [InlineData("api_keys")]
    [InlineData("tenants")]
    public async Task AppRole_SelectWithoutWhere_SeesOnlyTheTenantSet_AndNothingWithoutOne(string table)
    {
        var (a, clientA) = await api.TenantAsync();
        var (b, clientB) = await api.TenantAsync();
        await clientA.CreateAsync();
        await clientB.CreateAsync();
        await clientB.CreateAsync();
        var tenantColumn = table == "tenants" ? "id" : "tenant_id";

        await using var conn = new NpgsqlConnection(api.Db.Database.Primary);
        await conn.OpenAsync();
        var asA = await TenantsVisibleAsync(conn, table, tenantColumn, a.Tenant.Id);
        var asNobody = await TenantsVisibleAsync(conn, table, tenantColumn, null);

        Assert.Equal([a.Tenant.Id], asA.Distinct());
        Assert.NotEmpty(asA);
        Assert.Empty(asNobody);
    }

    [Fact]
    public async Task AppRole_CannotWriteARowForAnotherTenant()
    {
        var (a, _) = await api.TenantAsync();
        var (b, _) = await api.TenantAsync();
        await using var conn = new NpgsqlConnection(api.Db.Database.Primary);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await SetTenant(conn, tx, a.Tenant.Id);

        await using var insert = new NpgsqlCommand(
            "INSERT INTO content_items (id, tenant_id, type, slug, locale, status, title) VALUES (gen_random_uuid(), $1, 'article', 'x', 'en', 'draft', 't')", conn, tx);
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = b.Tenant.Id });
        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task AppRole_IsNotAnOwner_HasNoBypass_AndCannotRewriteHistory()
    {
        await using var conn = new NpgsqlConnection(api.Db.Database.Primary);
        await conn.OpenAsync();

        await using var role = new NpgsqlCommand(
            "SELECT rolbypassrls OR rolsuper, (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) FROM pg_roles WHERE rolname = current_user", conn);
        await using (var reader = await role.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Assert.False(reader.GetBoolean(0));
            Assert.Equal(0, reader.GetInt64(1));
        }
        await using var rewrite = new NpgsqlCommand("UPDATE content_revisions SET title = 'rewritten'", conn);
        var error = await Assert.ThrowsAsync<PostgresException>(() => rewrite.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task AppRole_CannotReadKeyHashes_Directly()
    {
        var (a, _) = await api.TenantAsync();
        await using var conn = new NpgsqlConnection(api.Db.Database.Primary);
        await conn.OpenAsync();

        await using var keys = new NpgsqlCommand("SELECT count(*) FROM api_keys", conn);

        Assert.Equal(0L, await keys.ExecuteScalarAsync());
        Assert.NotEqual(Guid.Empty, a.Tenant.Id);
    }

    private static async Task<List<Guid>> TenantsVisibleAsync(NpgsqlConnection conn, string table, string column, Guid? tenant)
    {
        await using var tx = await conn.BeginTransactionAsync();
        if (tenant is { } id)
        {
            await SetTenant(conn, tx, id);
        }
        await using var select = new NpgsqlCommand($"SELECT {column} FROM {table}", conn, tx);
        var seen = new List<Guid>();
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                seen.Add(reader.GetGuid(0));
            }
        }
        await tx.CommitAsync();
        return seen;
    }

    private static async Task SetTenant(NpgsqlConnection conn, NpgsqlTransaction tx, Guid tenant)
    {
        await using var set = new NpgsqlCommand("SELECT set_config('app.tenant_id', $1, true)", conn, tx);
        set.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant.ToString() });
        await set.ExecuteNonQueryAsync();
    }
}
