using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Hosting.Differential;

/// <summary>
/// Compressed and binary answers from real middleware (ASP.NET Core's response compression on a CSV
/// export; a PNG) come back from the Lambda server, after base64 decoding, byte for byte as from Kestrel.
/// </summary>
public sealed class BinaryResponseDifferentialTests(DifferentialFixture fixture) : IClassFixture<DifferentialFixture>
{
    private static readonly string[] FramingHeaders = ["date", "server", "content-length", "transfer-encoding", "connection"];

    public static TheoryData<string, string, string?> Cases => new()
    {
        { "export", "rows=2000", "gzip" },
        { "export", "rows=2000", "br" },
        { "export", "rows=3", "gzip, deflate, br" },
        { "export", "rows=40", null },
        { "image", "seed=7", "gzip" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_compressed_or_binary_response_is_the_same_bytes_as_from_Kestrel(string endpoint, string query, string? acceptEncoding)
    {
        var (key, value) = (query.Split('=')[0], query.Split('=')[1]);
        List<KeyValuePair<string, string>> headers = acceptEncoding is null ? [] : [new("Accept-Encoding", acceptEncoding)];
        var request = new GeneratedRequest("GET", [[new PathPiece(endpoint, false)]], [new(key, value)], headers, null, null, [], false, 200, false);

        var kestrel = await RawHttpClient.SendAsync(fixture.KestrelPort, request.ToKestrelRequest());
        var rest = GatewayEvents.Parse((await fixture.Lambda.Emulator.InvokeAsync(FakeApiGateway.RestV1(request))).Body);
        var http = GatewayEvents.Parse((await fixture.Lambda.Emulator.InvokeAsync(FakeApiGateway.HttpV2(request))).Body);

        Assert.Equal(200, kestrel.StatusCode);
        var kestrelHeaders = Headers(kestrel.Headers);
        var encoding = kestrelHeaders.GetValueOrDefault("content-encoding");
        foreach (var response in new[] { rest, http })
        {
            Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
            Assert.Equal(kestrel.Body, GatewayEvents.Body(response));
            Assert.Equal(kestrelHeaders.GetValueOrDefault("content-type"), GatewayEvents.ContentType(response));
            Assert.Equal(encoding, GatewayEvents.Header(response, "content-encoding"));
            Assert.Equal(kestrelHeaders.GetValueOrDefault("vary"), GatewayEvents.Header(response, "vary"));
            // Compressed or binary bytes are never sent as text: text would lose or mangle them.
            Assert.Equal(encoding is not null || endpoint == "image", response.GetProperty("isBase64Encoded").GetBoolean());
        }

        if (endpoint == "export")
        {
            Assert.StartsWith("id,title,score\n0,\"Título 0 — «quoted»\"", Encoding.UTF8.GetString(Decompress(kestrel.Body, encoding)), StringComparison.Ordinal);
        }
    }

    private static Dictionary<string, string> Headers(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers.Where(h => !FramingHeaders.Contains(h.Key.ToLowerInvariant()))
            .GroupBy(h => h.Key.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => string.Join(',', g.Select(h => h.Value)));

    private static byte[] Decompress(byte[] body, string? encoding)
    {
        using Stream source = encoding switch
        {
            "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => new MemoryStream(body),
        };
        using var result = new MemoryStream();
        source.CopyTo(result);
        return result.ToArray();
    }
}
