using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Auth;

/// <summary>With the key cache at its production bound, a revoked key stops working within that bound.</summary>
public sealed class ApiKeyRevocationTests(ApiKeyRevocationTests.ShortCache api) : IClassFixture<ApiKeyRevocationTests.ShortCache>
{
    public sealed class ShortCache : ApiFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ApiKeys:CacheSeconds"] = "1" };
    }

    [Fact]
    public async Task RevokedKey_StopsWorkingOnceTheCacheEntryExpires()
    {
        var (tenant, client) = await api.TenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/content")).StatusCode);

        await api.Db.Seeder.Keys.RevokeAsync(tenant.KeyInfo.Id, TimeSpan.Zero, default);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        do
        {
            await Task.Delay(200);
            status = (await client.GetAsync("/v1/content")).StatusCode;
        }
        while (status == HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task RevokedKey_IsRejectedAtOnceWhenNotCached()
    {
        var (tenant, client) = await api.TenantAsync();
        await api.Db.Seeder.Keys.RevokeAsync(tenant.KeyInfo.Id, TimeSpan.Zero, default);

        await (await client.GetAsync("/v1/content")).AssertProblem(HttpStatusCode.Unauthorized);
    }
}
