using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>The public path is limited per client address; other clients and the content API are not affected.</summary>
public sealed class RateLimitTests(RateLimitTests.ThreePerMinute api) : IClassFixture<RateLimitTests.ThreePerMinute>
{
    private const string OriginSecret = "origin-secret-for-rate-limit-tests";

    public sealed class ThreePerMinute : PublicContentFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["PublicContent:RateLimitPermits"] = "3",
            ["PublicContent:RateLimitWindowSeconds"] = "60",
            ["PublicContent:TrustCloudFrontViewerAddress"] = "true",
            ["OriginVerify:Secret"] = OriginSecret,
        };
    }

    [Fact]
    public async Task Get_BeyondThePermits_Is429ProblemWithRetryAfter_ForThatClientOnly()
    {
        var reader = api.Api.Client();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsFrom(reader, "203.0.113.7")).StatusCode);
        }
        var limited = await GetAsFrom(reader, "203.0.113.7");
        var otherClient = await GetAsFrom(reader, "198.51.100.9");
        var contentApi = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/content") { Headers = { { "x-origin-verify", OriginSecret } } });

        await limited.AssertProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.NotFound, otherClient.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, contentApi.StatusCode);
    }

    // Behind CloudFront the viewer's address arrives in this header, trusted because the origin header proves CloudFront sent it.
    private static Task<HttpResponseMessage> GetAsFrom(HttpClient client, string ip)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/public/nobody/article/nothing");
        request.Headers.Add("CloudFront-Viewer-Address", $"{ip}:443");
        request.Headers.Add("x-origin-verify", OriginSecret);
        return client.SendAsync(request);
    }
}
