using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Serverless.Lambda.ApiGateway;

/// <summary>
/// Puts a response in the shape of payload 1.0 or 2.0. The body is written with the least escaping JSON
/// allows (a quote is <c>\"</c>, non-ASCII stays UTF-8): Lambda's 6 MB limit counts the whole document, and
/// the serializer's default escaping (<c>\u0022</c>, <c>\u00E9</c>) would spend up to six bytes per character.
/// </summary>
public sealed class ApiGatewayResponseWriter(BinaryContentPolicy binary)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public byte[] Write(PayloadFormat format, GatewayResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = response.Body.Span;
        var base64 = binary.ShouldEncode(response.Headers.ContentType.ToString(), response.Headers.ContentEncoding.ToString(), body);

        var buffer = new ArrayBufferWriter<byte>(body.Length + 512);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("statusCode", response.StatusCode);
            if (format == PayloadFormat.V2)
            {
                WriteV2Headers(json, response);
            }
            else
            {
                WriteV1Headers(json, response);
            }

            json.WritePropertyName("body");
            if (base64)
            {
                // Base64 is ASCII without quotes or backslashes: nothing to escape.
                json.WriteBase64StringValue(body);
            }
            else
            {
                // The policy sent only valid UTF-8 here, so the bytes go in as they are, escaped minimally.
                json.WriteRawValue(JsonText.Quote(body), skipInputValidation: true);
            }

            json.WriteBoolean("isBase64Encoded", base64);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteV1Headers(Utf8JsonWriter json, GatewayResponse response)
    {
        json.WriteStartObject("multiValueHeaders");
        foreach (var (name, values) in response.Headers)
        {
            json.WriteStartArray(name);
            foreach (var value in values)
            {
                json.WriteStringValue(value ?? string.Empty);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteV2Headers(Utf8JsonWriter json, GatewayResponse response)
    {
        json.WriteStartObject("headers");
        foreach (var (name, values) in response.Headers)
        {
            if (!name.Equals(HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                json.WriteString(name, string.Join(',', values.Select(v => v ?? string.Empty)));
            }
        }

        json.WriteEndObject();
        // 2.0 has no multi-value headers: Set-Cookie cannot be comma-joined, so it has its own array.
        if (response.Headers.TryGetValue(HeaderNames.SetCookie, out var cookies) && cookies.Count > 0)
        {
            json.WriteStartArray("cookies");
            foreach (var cookie in cookies)
            {
                json.WriteStringValue(cookie ?? string.Empty);
            }

            json.WriteEndArray();
        }
    }
}
