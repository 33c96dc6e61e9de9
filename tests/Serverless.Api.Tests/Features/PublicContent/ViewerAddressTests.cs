using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>
/// CloudFront-Viewer-Address counts only on requests that proved they came through CloudFront: without
/// the origin-verify check a client could name a fresh address on every request and never be limited.
/// </summary>
public sealed class ViewerAddressTests(ViewerAddressTests.TrustWithoutOriginVerify api) : IClassFixture<ViewerAddressTests.TrustWithoutOriginVerify>
{
    public sealed class TrustWithoutOriginVerify : PublicContentFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["PublicContent:RateLimitPermits"] = "3",
            ["PublicContent:RateLimitWindowSeconds"] = "60",
            ["PublicContent:TrustCloudFrontViewerAddress"] = "true",
        };
    }

    [Fact]
    public async Task WithoutTheOriginCheck_AViewerAddressHeaderIsIgnored_AndTheConnectionIsLimited()
    {
        var client = api.Api.Client();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsViewer(client, $"203.0.113.{i + 1}")).StatusCode);
        }
        var fourth = await GetAsViewer(client, "203.0.113.99");

        await fourth.AssertProblem(HttpStatusCode.TooManyRequests, "rate-limited");
    }

    private static Task<HttpResponseMessage> GetAsViewer(HttpClient client, string ip)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/public/nobody/article/nothing");
        request.Headers.Add("CloudFront-Viewer-Address", $"{ip}:443");
        return client.SendAsync(request);
    }
}
