using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Platform.OriginVerify;

/// <summary>With OriginVerify:Secret set, only requests carrying CloudFront's secret header get in (the execute-api URL cannot bypass the edge).</summary>
public sealed class OriginVerifyTests(OriginVerifyTests.WithSecret api) : IClassFixture<OriginVerifyTests.WithSecret>
{
    private const string Current = "current-origin-secret-0123456789";
    private const string Previous = "previous-origin-secret-012345678";

    public sealed class WithSecret : ApiFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["OriginVerify:Secret"] = Current,
            ["OriginVerify:PreviousSecret"] = Previous,
        };
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData(Current + "x")]
    public async Task ARequestWithoutTheRightHeader_Gets403_EvenWithAValidKey(string? header)
    {
        var (tenant, _) = await api.TenantAsync();

        foreach (var path in new[] { "/v1/content", "/public/nobody/article/nothing", "/health/ready", "/openapi/v1.json" })
        {
            var response = await Send(HttpMethod.Get, path, header, tenant.ApiKey);
            await response.AssertProblem(HttpStatusCode.Forbidden, ":origin-not-verified");
        }
        await (await Send(HttpMethod.Post, "/v1/content", header, tenant.ApiKey)).AssertProblem(HttpStatusCode.Forbidden, ":origin-not-verified");
    }

    [Theory]
    [InlineData(Current)]
    [InlineData(Previous)]
    public async Task TheCurrentOrThePreviousSecret_GetsIn(string header)
    {
        var (tenant, _) = await api.TenantAsync();

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/v1/content", header, tenant.ApiKey)).StatusCode);
    }

    [Fact]
    public async Task TheLivenessProbe_NeedsNoHeader()
    {
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/health/live", null, null)).StatusCode);
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string? originHeader, string? apiKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (originHeader is not null)
        {
            request.Headers.TryAddWithoutValidation("x-origin-verify", originHeader);
        }
        return api.Client(apiKey).SendAsync(request);
    }
}
