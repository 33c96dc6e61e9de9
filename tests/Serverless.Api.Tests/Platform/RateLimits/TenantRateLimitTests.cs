using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Platform.RateLimits;

/// <summary>Per-tenant quotas by tier, counted in the real Redis, with RateLimit headers and 429 + Retry-After.</summary>
public sealed class TenantRateLimitTests(RateLimitFixture api) : IClassFixture<RateLimitFixture>
{
    [Fact]
    public async Task Tenant_OverItsTierQuota_Gets429WithRetryAfter_AndOtherTenantsDoNot()
    {
        await api.RedisConnectedAsync();
        var (_, client) = await api.TenantAsync();
        var (_, other) = await api.TenantAsync();

        for (var i = 1; i <= RateLimitFixture.StandardQuota; i++)
        {
            var ok = await client.GetAsync("/v1/content");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("\"standard\";q=3;w=60", Assert.Single(ok.Headers.GetValues("RateLimit-Policy")));
            Assert.StartsWith($"\"standard\";r={RateLimitFixture.StandardQuota - i};t=", Assert.Single(ok.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        }
        var refused = await client.GetAsync("/v1/content");

        await refused.AssertProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/content")).StatusCode);
    }

    [Fact]
    public async Task PeoplesTokens_CountTowardTheirTenant()
    {
        await api.RedisConnectedAsync();
        var (tenant, client) = await api.TenantAsync();
        var person = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "viewer"));

        for (var i = 0; i < RateLimitFixture.StandardQuota; i++)
        {
            var ok = await person.GetAsync("/v1/content");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.StartsWith("\"standard\";r=", Assert.Single(ok.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        }

        await (await client.GetAsync("/v1/content")).AssertProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        await (await person.GetAsync("/v1/content")).AssertProblem(HttpStatusCode.TooManyRequests, "rate-limited");
    }

    [Fact]
    public async Task Window_OnceItHasPassed_AdmitsTheTenantAgain()
    {
        await api.RedisConnectedAsync();
        var (_, client) = await api.TenantAsync();
        for (var i = 0; i <= RateLimitFixture.StandardQuota; i++)
        {
            await client.GetAsync("/v1/content");
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/v1/content")).StatusCode);

        api.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/content")).StatusCode);
    }
}
