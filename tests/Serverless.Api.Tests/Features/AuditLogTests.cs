using System.Net;
using Npgsql;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features;

/// <summary>Every change leaves an append-only audit row; admins of the tenant, and only they, read it.</summary>
public sealed class AuditLogTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task EveryChange_IsAudited_WithActorRequestIdAndChainedHashes()
    {
        var (tenant, client) = await api.TenantAsync();
        var created = await client.CreateAsync();
        var update = ContentApi.Put(created.Id(), new { status = "published", title = "Live" }, "\"1\"");
        update.Headers.Add("x-request-id", "req-update-1");
        await (await client.SendAsync(update)).AssertOk();
        await (await client.PostAsync($"/v1/content/{created.Id()}/archive", null)).AssertOk();

        var page = await (await client.GetAsync($"/v1/audit?entityId={created.Id()}")).AssertOk();

        var entries = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["content.archived", "content.published", "content.created"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal($"apikey:{tenant.KeyInfo.Id}", e.GetProperty("actor").GetString()));
        Assert.Equal("req-update-1", entries[1].GetProperty("requestId").GetString());
        Assert.Equal(entries[2].GetProperty("afterHash").GetString(), entries[1].GetProperty("beforeHash").GetString());
        Assert.Equal(entries[1].GetProperty("afterHash").GetString(), entries[0].GetProperty("beforeHash").GetString());
        Assert.True(!entries[2].TryGetProperty("beforeHash", out var none) || none.ValueKind == System.Text.Json.JsonValueKind.Null, "a creation has no before");
    }

    [Fact]
    public async Task Audit_IsForAdminsOnly()
    {
        var (tenant, _) = await api.TenantAsync();

        foreach (var role in new[] { "viewer", "reviewer", "editor" })
        {
            var person = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, role));
            await (await person.GetAsync("/v1/audit")).AssertProblem(HttpStatusCode.Forbidden);
        }
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/audit")).StatusCode);
    }

    [Fact]
    public async Task AnotherTenantsAdmin_SeesNoneOfTheEntries()
    {
        var (_, a) = await api.TenantAsync();
        var (b, _) = await api.TenantAsync();
        var mine = await a.CreateAsync();
        var adminOfB = api.Client().WithBearer(Tokens.Mint(b.Tenant.Id, "admin"));

        var page = await (await adminOfB.GetAsync($"/v1/audit?entityId={mine.Id()}")).AssertOk();
        var all = await (await adminOfB.GetAsync("/v1/audit")).AssertOk();

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Empty(all.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Audit_PagesAndFilters()
    {
        var (_, client) = await api.TenantAsync();
        for (var i = 0; i < 5; i++)
        {
            await client.CreateAsync();
        }

        var first = await (await client.GetAsync("/v1/audit?limit=2&action=content.created")).AssertOk();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await client.GetAsync($"/v1/audit?limit=2&action=content.created&cursor={cursor}")).AssertOk();
        var bad = await client.GetAsync("/v1/audit?cursor=nope&from=yesterday");

        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal(4, ids.Distinct().Count());
        var problem = await bad.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!!")] // the right length, not base64url
    [InlineData("AaIzIyDyfR6A7DrW55BStBAaIzIyDyf=")]
    public async Task Audit_TamperedCursor_Returns400NamingTheCursor(string cursor)
    {
        var (_, client) = await api.TenantAsync();

        var problem = await (await client.GetAsync($"/v1/audit?cursor={Uri.EscapeDataString(cursor)}")).AssertProblem(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Theory]
    [InlineData("UPDATE audit_log SET actor = 'someone-else'")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("TRUNCATE audit_log")]
    public async Task TheApplicationRole_CannotRewriteOrEraseTheLog(string sql)
    {
        var (tenant, client) = await api.TenantAsync();
        await client.CreateAsync();
        await using var conn = new NpgsqlConnection(api.Db.Database.Primary);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var set = new NpgsqlCommand($"SELECT set_config('app.tenant_id', '{tenant.Tenant.Id}', true)", conn, tx))
        {
            await set.ExecuteNonQueryAsync();
        }

        await using var tamper = new NpgsqlCommand(sql, conn, tx);
        var error = await Assert.ThrowsAsync<PostgresException>(() => tamper.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }
}
