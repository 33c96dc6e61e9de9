using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Health;

public sealed class HealthEndpointTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Live_NeedsNoKey_AndAnswers200()
    {
        var response = await api.Client().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_ChecksPrimaryReplicaAndRedis()
    {
        var report = await (await api.Client().GetAsync("/health/ready")).AssertOk();

        Assert.Equal("healthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks");
        Assert.Equal("primary", checks.GetProperty("primary").GetProperty("detail").GetString());
        Assert.Equal("replica", checks.GetProperty("replica").GetProperty("detail").GetString());
        Assert.Equal("healthy", checks.GetProperty("redis").GetProperty("status").GetString());
    }
}
