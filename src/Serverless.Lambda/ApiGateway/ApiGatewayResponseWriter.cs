using System.Text;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Serverless.Lambda.ApiGateway;

/// <summary>Puts a response in the shape of payload 1.0 or 2.0.</summary>
public sealed class ApiGatewayResponseWriter(BinaryContentPolicy binary)
{
    public byte[] Write(PayloadFormat format, GatewayResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var base64 = binary.ShouldEncode(
            response.Headers.ContentType.ToString(),
            response.Headers.ContentEncoding.ToString(),
            response.Body.Span);
        var body = base64 ? Convert.ToBase64String(response.Body.Span) : Encoding.UTF8.GetString(response.Body.Span);

        return format == PayloadFormat.V2
            ? JsonSerializer.SerializeToUtf8Bytes(V2(response, body, base64), ApiGatewayJsonContext.Default.HttpApiResponse)
            : JsonSerializer.SerializeToUtf8Bytes(V1(response, body, base64), ApiGatewayJsonContext.Default.RestApiResponse);
    }

    private static RestApiResponse V1(GatewayResponse response, string body, bool base64)
    {
        var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers)
        {
            headers[name] = [.. values.Select(v => v ?? string.Empty)];
        }

        return new RestApiResponse { StatusCode = response.StatusCode, MultiValueHeaders = headers, Body = body, IsBase64Encoded = base64 };
    }

    private static HttpApiResponse V2(GatewayResponse response, string body, bool base64)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        List<string>? cookies = null;
        foreach (var (name, values) in response.Headers)
        {
            if (name.Equals(HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                // 2.0 has no multi-value headers: Set-Cookie cannot be comma-joined, so it has its own array.
                cookies = [.. values.Select(v => v ?? string.Empty)];
            }
            else
            {
                headers[name] = string.Join(',', values.Select(v => v ?? string.Empty));
            }
        }

        return new HttpApiResponse { StatusCode = response.StatusCode, Headers = headers, Cookies = cookies, Body = body, IsBase64Encoded = base64 };
    }
}
