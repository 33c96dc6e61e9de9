using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Auth;

/// <summary>
/// When a request carries both an API key and a bearer token (API Gateway needs the key, the person
/// brings the token), both are checked and must name the same tenant.
/// </summary>
public sealed class KeyAndTokenTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AKeyAndATokenOfTheSameTenant_AreAccepted_AndThePersonsRoleGoverns()
    {
        var (tenant, _) = await api.TenantAsync();
        var viewer = api.Client(tenant.ApiKey).WithBearer(Tokens.Mint(tenant.Tenant.Id, "viewer"));

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/v1/content")).StatusCode);
        await (await viewer.PostJson("/v1/content", ContentApi.NewItem())).AssertProblem(HttpStatusCode.Forbidden, ":forbidden");
    }

    [Fact]
    public async Task TenantAsKey_WithATokenForTenantB_Gets403_TenantMismatch()
    {
        var (a, _) = await api.TenantAsync();
        var (b, _) = await api.TenantAsync();
        var forged = api.Client(a.ApiKey).WithBearer(Tokens.Mint(b.Tenant.Id, "admin"));

        await (await forged.GetAsync("/v1/content")).AssertProblem(HttpStatusCode.Forbidden, ":tenant-mismatch");
        await (await forged.PostJson("/v1/content", ContentApi.NewItem())).AssertProblem(HttpStatusCode.Forbidden, ":tenant-mismatch");
    }

    [Fact]
    public async Task AnInvalidKey_WithAValidToken_Gets401()
    {
        var (tenant, _) = await api.TenantAsync();
        var client = api.Client("sk_live_not-a-real-key").WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin"));

        await (await client.GetAsync("/v1/content")).AssertProblem(HttpStatusCode.Unauthorized, ":unauthenticated");
    }

    [Fact]
    public async Task AValidKey_WithAnInvalidToken_Gets401()
    {
        var (tenant, _) = await api.TenantAsync();
        var client = api.Client(tenant.ApiKey).WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin", key: "another-key-of-at-least-thirty-two-bytes-0000"));

        await (await client.GetAsync("/v1/content")).AssertProblem(HttpStatusCode.Unauthorized, ":unauthenticated");
    }
}
