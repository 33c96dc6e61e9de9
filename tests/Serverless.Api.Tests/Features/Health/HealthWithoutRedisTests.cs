using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Health;

/// <summary>An API pointed at a Redis that does not answer: still ready (degraded), still serving.</summary>
public sealed class HealthWithoutRedisTests(HealthWithoutRedisTests.NoRedis api) : IClassFixture<HealthWithoutRedisTests.NoRedis>
{
    public sealed class NoRedis : ApiFixture
    {
        // Port 1 on loopback: nothing listens there, so connections are refused at once.
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Redis:Configuration"] = "127.0.0.1:1" };
    }

    [Fact]
    public async Task Ready_RedisDown_IsDegradedButServes()
    {
        var (_, client) = await api.TenantAsync();

        var report = await (await api.Client().GetAsync("/health/ready")).AssertOk();
        var created = await client.CreateAsync();

        Assert.Equal("degraded", report.GetProperty("status").GetString());
        Assert.Equal("degraded", report.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        Assert.NotNull(created.Id());
    }
}
