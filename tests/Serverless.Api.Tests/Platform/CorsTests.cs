using System.Net;
using Npgsql;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Platform;

public sealed class CorsFixture : ApiFixture
{
    // Read the tenants' origins on every request, so each test's settings apply at once.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cors:RefreshSeconds"] = "0" };
}

/// <summary>Browser front ends: each tenant names the origins its pages are served from; nobody else's page reads its data.</summary>
public sealed class CorsTests(CorsFixture api) : IClassFixture<CorsFixture>
{
    [Fact]
    public async Task APreflightFromATenantsOrigin_IsAnsweredWithoutCredentials()
    {
        var (tenant, _) = await api.TenantAsync();
        await AllowAsync(tenant.Tenant.Id, "https://app.acme.example");
        using var preflight = Preflight("/v1/content", "https://app.acme.example", "POST", "x-api-key, content-type, idempotency-key");

        var response = await api.Client().SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://app.acme.example", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("x-api-key", Header(response, "Access-Control-Allow-Headers"), StringComparison.Ordinal);
        Assert.Contains("idempotency-key", Header(response, "Access-Control-Allow-Headers"), StringComparison.Ordinal);
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task APreflightFromAnOriginNoTenantAllows_IsRefusedWithProblemDetails()
    {
        using var preflight = Preflight("/v1/content", "https://evil.example", "GET", "x-api-key");

        var response = await api.Client().SendAsync(preflight);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("urn:serverless:problem:cors-origin-not-allowed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestFromItsTenantsOrigin_NamesTheOriginAndExposesTheHeadersClientsNeed()
    {
        var (tenant, client) = await api.TenantAsync();
        await AllowAsync(tenant.Tenant.Id, "https://app.acme.example");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/content");
        request.Headers.Add("Origin", "https://APP.acme.example");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://APP.acme.example", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("etag", Header(response, "Access-Control-Expose-Headers"), StringComparison.Ordinal);
        Assert.Contains("x-consistency-token", Header(response, "Access-Control-Expose-Headers"), StringComparison.Ordinal);
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task AnotherTenantsOrigin_GetsNoCorsAnswer_SoItsPageCannotReadThisTenantsData()
    {
        var (other, _) = await api.TenantAsync();
        await AllowAsync(other.Tenant.Id, "https://other.example");
        var (_, client) = await api.TenantAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/content");
        request.Headers.Add("Origin", "https://other.example");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ASuspendedTenantsOrigin_NoLongerPassesAPreflight()
    {
        var (tenant, _) = await api.TenantAsync();
        await AllowAsync(tenant.Tenant.Id, "https://suspended.example");
        await SuspendAsync(tenant.Tenant.Id);
        using var preflight = Preflight("/v1/content", "https://suspended.example", "GET", "x-api-key");

        var response = await api.Client().SendAsync(preflight);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task PublicPages_AreReadableFromAnyPage()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/public/nobody/article/nothing");
        request.Headers.Add("Origin", "https://anyone.example");

        var response = await api.Client().SendAsync(request);

        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : "";

    private Task AllowAsync(Guid tenantId, params string[] origins) => ChangeAsync(
        tenantId, "UPDATE tenants SET settings = jsonb_set(settings, '{cors}', jsonb_build_object('origins', to_jsonb($2::text[]))) WHERE id = $1",
        "settings ? 'cors'", origins);

    private Task SuspendAsync(Guid tenantId) => ChangeAsync(
        tenantId, "UPDATE tenants SET suspended_at = now() WHERE id = $1 AND $2::text[] IS NOT NULL", "suspended_at IS NOT NULL", []);

    /// <summary>Changes the tenant's row on the primary, then waits until the replica (where origins are read) has it.</summary>
    private async Task ChangeAsync(Guid tenantId, string sql, string replayed, string[] values)
    {
        await using var data = NpgsqlDataSource.Create(api.Db.Database.Admin);
        await using var update = data.CreateCommand(sql);
        update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        update.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = values });
        await update.ExecuteNonQueryAsync();
        await using var replica = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(api.Db.Database.Admin) { Port = Serverless.Testing.LocalServices.ReplicaPort }.ConnectionString);
        for (var i = 0; i < 200; i++)
        {
            await using var check = replica.CreateCommand($"SELECT count(*) FROM tenants WHERE id = $1 AND {replayed}");
            check.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
            if ((long)(await check.ExecuteScalarAsync())! == 1)
            {
                return;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException("the replica did not replay the change");
    }
}
