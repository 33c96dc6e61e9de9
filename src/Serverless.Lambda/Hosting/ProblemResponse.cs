using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Serverless.Lambda.ApiGateway;

namespace Serverless.Lambda.Hosting;

/// <summary>The RFC 9457 answer to an exception nothing else handled: no stack trace leaves the function.</summary>
internal static class ProblemResponse
{
    public static GatewayResponse InternalServerError(string? traceId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "https://tools.ietf.org/html/rfc9110#section-15.6.1");
            json.WriteString("title", "An error occurred while processing your request.");
            json.WriteNumber("status", StatusCodes.Status500InternalServerError);
            if (traceId is not null)
            {
                json.WriteString("traceId", traceId);
            }

            json.WriteEndObject();
        }

        var headers = new HeaderDictionary { [HeaderNames.ContentType] = "application/problem+json" };
        return new GatewayResponse(StatusCodes.Status500InternalServerError, headers, buffer.ToArray());
    }
}
