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
}
