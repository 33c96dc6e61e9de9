using System.Net.Http.Json;
using System.Net;
using Microsoft.IdentityModel.Tokens;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Auth;

/// <summary>People sign in with JWTs carrying tenant_id and role; the same tenant context as API keys.</summary>
public sealed class PeopleTokenTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ATokenAndTheTenantsKey_SeeTheSameTenant()
    {
        var (tenant, product) = await api.TenantAsync();
        var created = await product.CreateAsync();
        var reviewer = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "reviewer"));

        var item = await (await reviewer.GetAsync($"/v1/content/{created.Id()}")).AssertOk();

        Assert.Equal(created.Id(), item.Id());
    }

    [Fact]
    public async Task AnEditor_CanWrite_AndTheRevisionNamesThePerson()
    {
        var (tenant, _) = await api.TenantAsync();
        var editor = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "editor", subject: "erin"));

        var created = await editor.CreateAsync();
        await api.Db.Database.WaitForReplicaAsync();
        var revisions = (await (await editor.GetAsync($"/v1/content/{created.Id()}/revisions")).AssertOk()).GetProperty("items");

        Assert.Equal("user:erin", revisions[0].GetProperty("actor").GetString());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("reviewer")]
    public async Task ARoleWithoutWriteRights_Gets403_OnWrites(string role)
    {
        var (tenant, product) = await api.TenantAsync();
        var existing = await product.CreateAsync();
        var person = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, role));

        await (await person.PostJson("/v1/content", ContentApi.NewItem())).AssertProblem(HttpStatusCode.Forbidden, ":forbidden");
        await (await person.PostAsync($"/v1/content/{existing.Id()}/archive", null)).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/v1/content")).StatusCode);
    }

    [Fact]
    public async Task ATokenForTenantB_Gets404_OnTenantAsItem()
    {
        var (_, a) = await api.TenantAsync();
        var (b, _) = await api.TenantAsync();
        var mine = await a.CreateAsync();
        var adminOfB = api.Client().WithBearer(Tokens.Mint(b.Tenant.Id, "admin"));

        await (await adminOfB.GetAsync($"/v1/content/{mine.Id()}")).AssertProblem(HttpStatusCode.NotFound);
        await (await adminOfB.PostAsync($"/v1/content/{mine.Id()}/archive", null)).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AValidlySignedTokenForATenantThatDoesNotExist_Gets401_OnReadsAndWrites()
    {
        var nobody = api.Client().WithBearer(Tokens.Mint(Guid.NewGuid(), "admin"));

        await (await nobody.GetAsync("/v1/content")).AssertProblem(HttpStatusCode.Unauthorized, ":unauthenticated");
        await (await nobody.PostAsJsonAsync("/v1/content", new { type = "article", slug = "ghost", locale = "en", title = "Ghost", body = "b" }))
            .AssertProblem(HttpStatusCode.Unauthorized, ":unauthenticated");
    }

    public static TheoryData<string, Func<Guid, string>> BadTokens => new()
    {
        { "expired", t => Tokens.Mint(t, "admin", lifetime: TimeSpan.FromMinutes(-5)) },
        { "wrong issuer", t => Tokens.Mint(t, "admin", issuer: "someone-else") },
        { "wrong audience", t => Tokens.Mint(t, "admin", audience: "another-api") },
        { "wrong key", t => Tokens.Mint(t, "admin", key: new string('k', 64)) },
        { "other algorithm", t => Tokens.Mint(t, "admin", algorithm: SecurityAlgorithms.HmacSha384) },
        { "alg none", t => Tokens.Unsigned(t, "admin") },
        { "no tenant", t => Tokens.Mint(t, "admin", withTenant: false) },
        { "garbage", _ => "not.a.token" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task AnInvalidToken_Is401(string why, Func<Guid, string> token)
    {
        var (tenant, _) = await api.TenantAsync();
        var client = api.Client().WithBearer(token(tenant.Tenant.Id));

        var problem = await (await client.GetAsync("/v1/content")).AssertProblem(HttpStatusCode.Unauthorized, ":unauthenticated");

        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()), why);
    }
}
