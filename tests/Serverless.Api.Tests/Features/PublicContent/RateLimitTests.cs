using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>The public path is limited per client address; the content API is not affected.</summary>
public sealed class RateLimitTests(RateLimitTests.ThreePerMinute api) : IClassFixture<RateLimitTests.ThreePerMinute>
{
    public sealed class ThreePerMinute : PublicContentFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["PublicContent:RateLimitPermits"] = "3",
            ["PublicContent:RateLimitWindowSeconds"] = "60",
        };
    }

    [Fact]
    public async Task Get_BeyondThePermits_Is429ProblemWithRetryAfter()
    {
        var reader = api.Api.Client();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/public/nobody/article/nothing")).StatusCode);
        }
        var limited = await reader.GetAsync("/public/nobody/article/nothing");

        await limited.AssertProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(limited.Headers.RetryAfter);
    }
}
