using System.Net;
using Serverless.Lambda.ApiGateway;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.ApiGateway;

public sealed class RestApiRequestTranslatorTests
{
    private static GatewayRequest Read(string file) => ApiGatewayEventReader.Read(System.Text.Encoding.UTF8.GetBytes(RepositoryPaths.ReadEvent(file)));

    [Fact]
    public void Get_with_repeated_query_keys_keeps_every_value_in_order_and_re_encodes_once()
    {
        var request = Read("rest-v1-get-repeated-query.json");

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString);
        Assert.Equal(["a", "b"], query["tag"].AsEnumerable());
        Assert.Equal(["a+b c&d=e"], query["q"].AsEnumerable());
        Assert.Equal([string.Empty], query["empty"].AsEnumerable());
    }

    [Fact]
    public void Stage_goes_to_path_base_and_the_rest_to_path()
    {
        var request = Read("rest-v1-get-repeated-query.json");

        Assert.Equal("GET", request.Method);
        Assert.Equal("/prod", request.PathBase);
        Assert.Equal("/echo/items", request.Path);
    }

    [Fact]
    public void Multi_value_headers_are_kept_whole_so_a_date_with_a_comma_survives()
    {
        var request = Read("rest-v1-get-repeated-query.json");

        Assert.Equal(["Tue, 25 Nov 2026 10:00:00 GMT"], request.Headers["Date"].AsEnumerable());
        Assert.Equal(["application/json", "text/plain"], request.Headers["accept"].AsEnumerable());
    }

    [Fact]
    public void Source_ip_request_id_api_key_id_and_authorizer_claims_are_carried_as_data()
    {
        var request = Read("rest-v1-get-repeated-query.json");

        Assert.Equal(IPAddress.Parse("203.0.113.7"), request.RemoteIpAddress);
        Assert.Equal("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", request.RequestId);
        Assert.Equal("key-123", request.Gateway.ApiKeyId);
        Assert.Equal("prod", request.Gateway.Stage);
        Assert.Equal("user-1", request.Authorizer.Claims.Single(c => c.Type == "sub").Value);
        Assert.Equal("tenant-a", request.Authorizer.Claims.Single(c => c.Type == "custom:tenant").Value);
        Assert.DoesNotContain(request.Authorizer.Claims, c => c.Type == "integrationLatency");
    }

    [Fact]
    public void Base64_body_is_decoded_to_the_exact_bytes()
    {
        var request = Read("rest-v1-post-base64-binary.json");

        var expected = new byte[] { 0, 1, 2, 0xff, 0xfe, 0x80, 0x7f }
            .Concat("café\n"u8.ToArray())
            .Concat(Enumerable.Range(0, 256).Select(i => (byte)i))
            .ToArray();
        Assert.Equal("POST", request.Method);
        Assert.Equal(expected, request.Body);
    }

    [Fact]
    public void Plus_stays_a_plus_and_an_encoded_slash_stays_encoded_in_the_path()
    {
        var request = Read("rest-v1-path-plus-and-encoded-slash.json");

        Assert.Equal(string.Empty, request.PathBase);
        Assert.Equal("/echo/a+b/c%2Fd/café/x y", request.Path);
        Assert.Equal(IPAddress.Parse("2001:db8::7"), request.RemoteIpAddress);
        Assert.Equal("?plus=1%2B1%3D2", request.QueryString);
    }

    [Fact]
    public void Without_request_context_path_a_named_stage_still_becomes_the_path_base()
    {
        var request = RestApiRequestTranslator.Translate(new RestApiRequest
        {
            Path = "/items",
            HttpMethod = "GET",
            RequestContext = new RestApiRequestContext { Stage = "dev" },
        });

        Assert.Equal("/dev", request.PathBase);
        Assert.Equal("/items", request.Path);
        Assert.Empty(request.Authorizer.Claims);
    }

    [Fact]
    public void When_the_two_paths_are_encoded_differently_the_stage_shown_in_the_client_path_is_the_path_base()
    {
        var request = RestApiRequestTranslator.Translate(new RestApiRequest
        {
            Path = "/caf%C3%A9",
            HttpMethod = "GET",
            RequestContext = new RestApiRequestContext { Stage = "prod", Path = "/prod/café" },
        });

        Assert.Equal("/prod", request.PathBase);
        Assert.Equal("/café", request.Path);
    }

    [Fact]
    public void An_HTTP_API_on_payload_1_0_delivers_the_path_decoded_so_it_is_not_decoded_again()
    {
        var request = RestApiRequestTranslator.Translate(new RestApiRequest
        {
            Version = "1.0",
            Path = "/100%41 off",
            HttpMethod = "GET",
            RequestContext = new RestApiRequestContext { Stage = "$default", Path = "/100%41 off" },
        });

        Assert.Equal("/100%41 off", request.Path);
        Assert.Equal("/100%2541%20off", request.RawTarget);
    }
}
