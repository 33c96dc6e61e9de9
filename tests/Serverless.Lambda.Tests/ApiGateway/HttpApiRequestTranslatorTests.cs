using System.Net;
using Serverless.Lambda.ApiGateway;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.ApiGateway;

public sealed class HttpApiRequestTranslatorTests
{
    private static GatewayRequest Read() => ApiGatewayEventReader.Read(System.Text.Encoding.UTF8.GetBytes(RepositoryPaths.ReadEvent("http-v2-cookies.json")));

    [Fact]
    public void Version_2_events_are_detected() =>
        Assert.Equal(PayloadFormat.V2, Read().Gateway.Format);

    [Fact]
    public void Cookies_array_becomes_one_cookie_header()
    {
        var request = Read();

        Assert.Equal("session=abc; theme=dark", request.Headers["Cookie"].ToString());
    }

    [Fact]
    public void Headers_are_not_split_on_commas()
    {
        var request = Read();

        Assert.Equal(["Tue, 25 Nov 2026 10:00:00 GMT"], request.Headers["Date"].AsEnumerable());
        Assert.Equal(["one,two"], request.Headers["x-multi"].AsEnumerable());
    }

    [Fact]
    public void Raw_query_is_used_as_sent_and_raw_path_is_not_decoded_twice()
    {
        var request = Read();

        Assert.Equal("?x=1&x=2&q=a%2Bb%20c", request.QueryString);
        Assert.Equal("/echo/v2 space+plus", request.Path);
        Assert.Equal(string.Empty, request.PathBase);
        Assert.Equal("GET", request.Method);
    }

    [Fact]
    public void Source_ip_request_id_and_jwt_claims_and_scopes_are_carried_as_data()
    {
        var request = Read();

        Assert.Equal(IPAddress.Parse("192.0.2.55"), request.RemoteIpAddress);
        Assert.Equal("req-v2-cookies", request.RequestId);
        Assert.Equal("user-2", request.Authorizer.Claims.Single(c => c.Type == "sub").Value);
        Assert.Equal(["content.read", "content.write"], request.Authorizer.Claims.Where(c => c.Type == "scope").Select(c => c.Value));
    }

    [Fact]
    public void A_named_stage_prefix_of_raw_path_becomes_the_path_base()
    {
        var request = HttpApiRequestTranslator.Translate(new HttpApiRequest
        {
            Version = "2.0",
            RawPath = "/prod/items/1",
            RequestContext = new HttpApiRequestContext { Stage = "prod", Http = new HttpApiRequestDescription { Method = "DELETE" } },
        });

        Assert.Equal("/prod", request.PathBase);
        Assert.Equal("/items/1", request.Path);
        Assert.Equal("DELETE", request.Method);
    }

    [Theory]
    [InlineData("/prod/content/eval%2Dpub%2D1", "/content/eval-pub-1")]
    [InlineData("/prod/content/caf%C3%A9", "/content/café")]
    [InlineData("/prod/content/a%2Fb", "/content/a%2Fb")]
    [InlineData("/prod/content/100%25", "/content/100%")]
    [InlineData("/prod/content/a+b", "/content/a+b")]
    public void A_percent_encoded_raw_path_is_decoded_once_as_Kestrel_decodes_it(string rawPath, string path)
    {
        var request = HttpApiRequestTranslator.Translate(new HttpApiRequest
        {
            Version = "2.0",
            RawPath = rawPath,
            RequestContext = new HttpApiRequestContext { Stage = "prod", Http = new HttpApiRequestDescription { Method = "GET" } },
        });

        Assert.Equal("/prod", request.PathBase);
        Assert.Equal(path, request.Path);
        Assert.Equal(rawPath, request.RawTarget);
    }

    [Fact]
    public void A_Function_URL_event_has_its_path_decoded_once_and_its_host_from_the_domain_name()
    {
        var request = ApiGatewayEventReader.Read(System.Text.Encoding.UTF8.GetBytes(RepositoryPaths.ReadEvent("function-url-encoded-path-no-host.json")));

        Assert.Equal(string.Empty, request.PathBase);
        Assert.Equal("/v1/content/eval-pub-1/café", request.Path);
        Assert.Equal("?fields=title%2Cbody&lang=fr", request.QueryString);
        Assert.Equal("m3kq7zrd5vx2lwnbt4ya6ceo1u0hgfpi.lambda-url.eu-west-1.on.aws", request.Headers["Host"].ToString());
        Assert.Equal(["Mozilla/5.0 (X11; Linux x86_64), like Gecko"], request.Headers["User-Agent"].AsEnumerable());
    }
}
