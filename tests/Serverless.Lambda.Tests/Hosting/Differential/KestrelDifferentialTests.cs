using System.Text;
using System.Text.Json;
using CsCheck;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Hosting.Differential;

/// <summary>
/// The same generated request sent to Kestrel and, as API Gateway 1.0 and 2.0 events, to the Lambda server
/// must reach the endpoint with the same view and come back with the same response after decoding.
/// Payload 2.0 loses one thing by design: repeated header lines (joined with commas, so the 2.0 case sends
/// Kestrel the joined form too). Its rawPath arrives percent-encoded and is decoded once, as Kestrel does.
/// </summary>
public sealed class KestrelDifferentialTests(DifferentialFixture fixture) : IClassFixture<DifferentialFixture>
{
    private const int Iterations = 300;

    private static readonly string[] FramingHeaders = ["date", "server", "content-length", "transfer-encoding", "connection"];

    [Fact]
    public async Task Rest_api_payload_1_0_gives_the_endpoint_exactly_what_Kestrel_gives_it() =>
        await RequestGenerator.Request.SampleAsync(async request =>
        {
            var (kestrelView, kestrelResponse) = await ViaKestrelAsync(request);
            var outcome = await fixture.Lambda.Emulator.InvokeAsync(FakeApiGateway.RestV1(request));
            var lambdaView = fixture.Recorder.Take(request.ProbeId);

            Assert.Equal(Json(kestrelView), Json(lambdaView));
            var response = GatewayEvents.Parse(outcome.Body);
            Assert.Equal(kestrelResponse.StatusCode, response.GetProperty("statusCode").GetInt32());
            Assert.Equal(Json(KestrelHeaders(kestrelResponse)), Json(V1Headers(response)));
            Assert.Equal(kestrelResponse.Body, DecodeBody(response));
        }, iter: Iterations, threads: 1, print: r => r.ToString());

    [Fact]
    public async Task Http_api_payload_2_0_gives_the_endpoint_what_Kestrel_gives_it_up_to_the_documented_losses() =>
        await RequestGenerator.Request.Select(r => r.WithHeadersJoined()).SampleAsync(async request =>
        {
            var (kestrelView, kestrelResponse) = await ViaKestrelAsync(request);
            var outcome = await fixture.Lambda.Emulator.InvokeAsync(FakeApiGateway.HttpV2(request));
            var lambdaView = fixture.Recorder.Take(request.ProbeId);

            Assert.Equal(Json(kestrelView), Json(lambdaView));
            var response = GatewayEvents.Parse(outcome.Body);
            Assert.Equal(kestrelResponse.StatusCode, response.GetProperty("statusCode").GetInt32());
            Assert.Equal(Json(Joined(KestrelHeaders(kestrelResponse))), Json(V2Headers(response)));
            Assert.Equal(kestrelResponse.Body, DecodeBody(response));
        }, iter: Iterations, threads: 1, print: r => r.ToString());

    [Fact]
    public async Task Kestrel_keeps_an_encoded_slash_and_a_plus_in_the_path_which_is_what_the_translation_mirrors()
    {
        var request = new GeneratedRequest("GET", [[new PathPiece("a+b", false), new PathPiece("/", false)]], [], [], null, null, [], false, 200, false);

        var (view, _) = await ViaKestrelAsync(request);

        Assert.Equal("/d/a+b%2F", view.Path);
    }

    [Theory]
    [InlineData("eval%2Dpub%2D1")]
    [InlineData("caf%C3%A9%20au%20lait")]
    [InlineData("a%2Fb%25c+d")]
    public async Task A_percent_encoded_path_reaches_the_endpoint_decoded_once_in_both_payloads(string encodedSegment)
    {
        var request = new GeneratedRequest("GET", [[new PathPiece("x", false)]], [], [], null, null, [], false, 200, false);
        var target = "/" + GeneratedRequest.Stage + "/d/" + encodedSegment;

        var kestrel = await RawHttpClient.SendAsync(fixture.KestrelPort, request.ToKestrelRequest() with { Target = target });
        var kestrelView = fixture.Recorder.Take(request.ProbeId);
        await fixture.Lambda.Emulator.InvokeAsync(FakeApiGateway.RestV1(request).Replace("/d/x", "/d/" + encodedSegment, StringComparison.Ordinal));
        var restView = fixture.Recorder.Take(request.ProbeId);
        await fixture.Lambda.Emulator.InvokeAsync(FakeApiGateway.HttpV2(request).Replace("/d/x", "/d/" + encodedSegment, StringComparison.Ordinal));
        var httpView = fixture.Recorder.Take(request.ProbeId);

        Assert.Equal(200, kestrel.StatusCode);
        Assert.Equal(kestrelView.Path, restView.Path);
        Assert.Equal(kestrelView.Path, httpView.Path);
    }

    private async Task<(RequestView View, Differential.RawHttpResponse Response)> ViaKestrelAsync(GeneratedRequest request)
    {
        var response = await RawHttpClient.SendAsync(fixture.KestrelPort, request.ToKestrelRequest());
        Assert.True(response.StatusCode == request.Status, $"Kestrel answered {response.StatusCode}: {Encoding.UTF8.GetString(response.Body)}");
        return (fixture.Recorder.Take(request.ProbeId), response);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static SortedDictionary<string, string?[]> Joined(SortedDictionary<string, string?[]> headers) =>
        new(headers.ToDictionary(h => h.Key, h => h.Key == "set-cookie" ? h.Value : new string?[] { string.Join(',', h.Value) }), StringComparer.Ordinal);

    private static SortedDictionary<string, string?[]> KestrelHeaders(Differential.RawHttpResponse response) =>
        new(response.Headers
            .Where(h => !FramingHeaders.Contains(h.Key.ToLowerInvariant()))
            .GroupBy(h => h.Key.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.Select(h => (string?)h.Value).ToArray()), StringComparer.Ordinal);

    private static SortedDictionary<string, string?[]> V1Headers(JsonElement response) =>
        new(response.GetProperty("multiValueHeaders").EnumerateObject()
            .Where(h => !FramingHeaders.Contains(h.Name.ToLowerInvariant()))
            .ToDictionary(h => h.Name.ToLowerInvariant(), h => h.Value.EnumerateArray().Select(v => v.GetString()).ToArray()), StringComparer.Ordinal);

    private static SortedDictionary<string, string?[]> V2Headers(JsonElement response)
    {
        var headers = new SortedDictionary<string, string?[]>(
            response.GetProperty("headers").EnumerateObject()
                .Where(h => !FramingHeaders.Contains(h.Name.ToLowerInvariant()))
                .ToDictionary(h => h.Name.ToLowerInvariant(), h => new[] { h.Value.GetString() }),
            StringComparer.Ordinal);
        if (response.TryGetProperty("cookies", out var cookies))
        {
            headers["set-cookie"] = [.. cookies.EnumerateArray().Select(c => c.GetString())];
        }

        return headers;
    }

    private static byte[] DecodeBody(JsonElement response)
    {
        var body = response.GetProperty("body").GetString() ?? string.Empty;
        return response.GetProperty("isBase64Encoded").GetBoolean() ? Convert.FromBase64String(body) : Encoding.UTF8.GetBytes(body);
    }
}
