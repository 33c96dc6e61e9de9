using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Serverless.Lambda.ApiGateway;

namespace Serverless.Lambda.Tests.ApiGateway;

public sealed class ApiGatewayResponseWriterTests
{
    private static readonly ApiGatewayResponseWriter Writer = new(new BinaryContentPolicy(["application/octet-stream", "image/*", "application/x-custom-text"]));

    private static JsonElement Write(PayloadFormat format, string? contentType, byte[] body, Action<IHeaderDictionary>? headers = null)
    {
        IHeaderDictionary dictionary = new HeaderDictionary();
        if (contentType is not null)
        {
            dictionary.ContentType = contentType;
        }

        headers?.Invoke(dictionary);
        return JsonDocument.Parse(Writer.Write(format, new GatewayResponse(200, dictionary, body))).RootElement.Clone();
    }

    private static byte[] Decode(JsonElement response) =>
        response.GetProperty("isBase64Encoded").GetBoolean()
            ? Convert.FromBase64String(response.GetProperty("body").GetString()!)
            : Encoding.UTF8.GetBytes(response.GetProperty("body").GetString()!);

    [Theory]
    [InlineData(PayloadFormat.V1)]
    [InlineData(PayloadFormat.V2)]
    public void Binary_media_types_are_base64_and_round_trip_exactly(PayloadFormat format)
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        var response = Write(format, "image/png", bytes);

        Assert.True(response.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(bytes, Decode(response));
    }

    [Fact]
    public void Compressed_content_is_base64_even_when_the_media_type_is_text()
    {
        var response = Write(PayloadFormat.V1, "application/json", [0x1f, 0x8b, 0x08, 0x00], h => h.ContentEncoding = "gzip");

        Assert.True(response.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(new byte[] { 0x1f, 0x8b, 0x08, 0x00 }, Decode(response));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/problem+json")]
    [InlineData("text/html")]
    public void Text_media_types_travel_as_utf8_text(string contentType)
    {
        var response = Write(PayloadFormat.V2, contentType, "{\"café\":\"😀\"}"u8.ToArray());

        Assert.False(response.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("{\"café\":\"😀\"}", response.GetProperty("body").GetString());
    }

    [Fact]
    public void Text_type_with_invalid_utf8_falls_back_to_base64_rather_than_corrupting()
    {
        var bytes = new byte[] { 0x61, 0xff, 0x62 };

        var response = Write(PayloadFormat.V1, "text/plain", bytes);

        Assert.Equal(bytes, Decode(response));
    }

    [Fact]
    public void The_binary_list_is_extendable_for_types_that_look_like_text()
    {
        var response = Write(PayloadFormat.V1, "application/x-custom-text", "plain"u8.ToArray());

        Assert.True(response.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public void Version_1_keeps_every_header_value_including_two_set_cookies_and_a_date()
    {
        var response = Write(PayloadFormat.V1, "text/plain", "x"u8.ToArray(), h =>
        {
            h.Append("Set-Cookie", "a=1; Path=/");
            h.Append("Set-Cookie", "b=2; Expires=Wed, 26 Nov 2026 10:00:00 GMT");
            h.LastModified = "Tue, 25 Nov 2026 10:00:00 GMT";
        });

        var headers = response.GetProperty("multiValueHeaders");
        Assert.Equal(["a=1; Path=/", "b=2; Expires=Wed, 26 Nov 2026 10:00:00 GMT"], headers.GetProperty("Set-Cookie").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["Tue, 25 Nov 2026 10:00:00 GMT"], headers.GetProperty("Last-Modified").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Version_2_moves_set_cookie_into_cookies_and_joins_other_repeated_headers()
    {
        var response = Write(PayloadFormat.V2, "text/plain", "x"u8.ToArray(), h =>
        {
            h.Append("Set-Cookie", "a=1");
            h.Append("Set-Cookie", "b=2");
            h.Append("Vary", "Accept");
            h.Append("Vary", "Origin");
        });

        Assert.Equal(["a=1", "b=2"], response.GetProperty("cookies").EnumerateArray().Select(v => v.GetString()));
        Assert.False(response.GetProperty("headers").TryGetProperty("Set-Cookie", out _));
        Assert.Equal("Accept,Origin", response.GetProperty("headers").GetProperty("Vary").GetString());
    }

    [Fact]
    public void Empty_body_is_an_empty_string_not_base64()
    {
        var response = Write(PayloadFormat.V1, null, []);

        Assert.False(response.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(string.Empty, response.GetProperty("body").GetString());
    }
}
