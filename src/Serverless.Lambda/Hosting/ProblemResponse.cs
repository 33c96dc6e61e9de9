using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Serverless.Lambda.ApiGateway;

namespace Serverless.Lambda.Hosting;

/// <summary>RFC 9457 answers the adapter gives itself: no exception message or stack trace leaves the function.</summary>
internal static class ProblemResponse
{
    public static GatewayResponse InternalServerError(string? traceId) =>
        Problem(StatusCodes.Status500InternalServerError, "https://tools.ietf.org/html/rfc9110#section-15.6.1", "An error occurred while processing your request.", null, traceId);

    /// <summary>The event could not be read as an HTTP request (what Kestrel answers a malformed request with).</summary>
    public static GatewayResponse BadRequest(string? traceId) =>
        Problem(StatusCodes.Status400BadRequest, "https://tools.ietf.org/html/rfc9110#section-15.5.1", "Bad Request", "The request could not be read.", traceId);

    private static GatewayResponse Problem(int status, string type, string title, string? detail, string? traceId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            if (detail is not null)
            {
                json.WriteString("detail", detail);
            }

            if (traceId is not null)
            {
                json.WriteString("traceId", traceId);
            }

            json.WriteEndObject();
        }

        var headers = new HeaderDictionary { [HeaderNames.ContentType] = "application/problem+json" };
        return new GatewayResponse(status, headers, buffer.ToArray());
    }
}
