using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Auth;

/// <summary>tenant_id, role and sub must each be exactly one string: no "first value wins".</summary>
public sealed class TokenClaimShapeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string> Shapes => ["role-array", "tenant-array", "sub-array", "role-number", "sub-number", "role-missing", "sub-missing", "tenant-missing", "tenant-number"];

    [Fact]
    public async Task AWellFormedToken_IsAccepted()
    {
        var (tenant, _) = await api.TenantAsync();
        var token = Tokens.MintClaims(Claims(tenant.Tenant.Id, "well-formed"));

        Assert.Equal(HttpStatusCode.OK, (await api.Client().WithBearer(token).GetAsync("/v1/content")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task ATokenWhoseTenantRoleOrSubIsNotExactlyOneString_Gets401(string shape)
    {
        var (tenant, _) = await api.TenantAsync();
        var token = Tokens.MintClaims(Claims(tenant.Tenant.Id, shape));

        await (await api.Client().WithBearer(token).GetAsync("/v1/content")).AssertProblem(HttpStatusCode.Unauthorized, ":unauthenticated");
    }

    private static Dictionary<string, object> Claims(Guid tenantId, string shape)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "alice", ["role"] = "viewer", ["tenant_id"] = tenantId.ToString() };
        switch (shape)
        {
            case "role-array": claims["role"] = new[] { "viewer", "admin" }; break;
            case "tenant-array": claims["tenant_id"] = new[] { tenantId.ToString(), Guid.NewGuid().ToString() }; break;
            case "sub-array": claims["sub"] = new[] { "alice", "bob" }; break;
            case "role-number": claims["role"] = 3; break;
            case "sub-number": claims["sub"] = 42; break;
            case "tenant-number": claims["tenant_id"] = 7; break;
            case "role-missing": claims.Remove("role"); break;
            case "sub-missing": claims.Remove("sub"); break;
            case "tenant-missing": claims.Remove("tenant_id"); break;
        }
        return claims;
    }
}
