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
    public async Task Live_AnswersTheSameBytesAndHeadersAsTheSerializedReport()
    {
        // The body is written from constant bytes (issue 17): pinned to what the report serializes to (nulls left out).
        var response = await api.Client().GetAsync("/health/live");

        Assert.Equal("""{"status":"live","checks":{}}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("x-request-id").Single()));
        Assert.Equal("local", response.Headers.GetValues("x-region").Single());
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
