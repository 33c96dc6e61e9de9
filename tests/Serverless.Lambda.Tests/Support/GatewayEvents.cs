using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Lambda.Tests.Support;

/// <summary>Small API Gateway events for tests that need one request and not a whole sample file.</summary>
public static class GatewayEvents
{
    public static string RestGet(string path, string requestId = "req-1", string? apiKeyId = null, JsonObject? authorizer = null, JsonObject? query = null)
    {
        var identity = new JsonObject { ["sourceIp"] = "198.51.100.1", ["apiKeyId"] = apiKeyId };
        var context = new JsonObject
        {
            ["path"] = "/prod" + path,
            ["stage"] = "prod",
            ["requestId"] = requestId,
            ["identity"] = identity,
            ["authorizer"] = authorizer,
        };
        var root = new JsonObject
        {
            ["path"] = path,
            ["httpMethod"] = "GET",
            ["multiValueHeaders"] = new JsonObject { ["Host"] = new JsonArray("api.example.com") },
            ["multiValueQueryStringParameters"] = query,
            ["requestContext"] = context,
            ["isBase64Encoded"] = false,
        };
        return root.ToJsonString();
    }

    public static JsonElement Parse(byte[] response) => JsonDocument.Parse(response).RootElement.Clone();

    /// <summary>A response header of either payload format (1.0 multiValueHeaders, 2.0 headers), or null.</summary>
    public static string? Header(JsonElement response, string name)
    {
        if (response.TryGetProperty("multiValueHeaders", out var multi))
        {
            foreach (var header in multi.EnumerateObject().Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                return string.Join(',', header.Value.EnumerateArray().Select(v => v.GetString()));
            }
        }

        if (response.TryGetProperty("headers", out var single))
        {
            foreach (var header in single.EnumerateObject().Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                return header.Value.GetString();
            }
        }

        return null;
    }

    public static string? ContentType(JsonElement response) => Header(response, "Content-Type");

    /// <summary>The body bytes of a response of either format, base64 decoded when it says so.</summary>
    public static byte[] Body(JsonElement response)
    {
        var body = response.TryGetProperty("body", out var b) ? b.GetString() ?? string.Empty : string.Empty;
        return response.TryGetProperty("isBase64Encoded", out var encoded) && encoded.GetBoolean()
            ? Convert.FromBase64String(body)
            : System.Text.Encoding.UTF8.GetBytes(body);
    }
}
