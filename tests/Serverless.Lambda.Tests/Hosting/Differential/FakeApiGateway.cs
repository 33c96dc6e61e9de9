using System.Text.Json.Nodes;

namespace Serverless.Lambda.Tests.Hosting.Differential;

/// <summary>
/// Turns a generated request into the event API Gateway would send, following the documented payloads:
/// 1.0 keeps the path encoded and gives decoded multi-value query parameters and one array item per header
/// line; 2.0 gives rawPath percent-encoded as the client sent it (as AWS's own fixtures and Function URL
/// captures show), rawQueryString raw, headers joined with commas and cookies apart.
/// </summary>
public static class FakeApiGateway
{
    public const string SourceIp = "127.0.0.1";

    public static string RestV1(GeneratedRequest request)
    {
        var multiHeaders = new JsonObject();
        var headers = new JsonObject();
        foreach (var group in request.WireHeaders().GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            multiHeaders[group.Key] = new JsonArray([.. group.Select(h => (JsonNode)JsonValue.Create(h.Value)!)]);
            headers[group.Key] = group.Last().Value;
        }

        JsonObject? multiQuery = null;
        if (request.Query.Count > 0)
        {
            multiQuery = [];
            foreach (var group in request.Query.GroupBy(q => q.Key, StringComparer.Ordinal))
            {
                multiQuery[group.Key] = new JsonArray([.. group.Select(q => (JsonNode)JsonValue.Create(q.Value)!)]);
            }
        }

        var root = new JsonObject
        {
            ["resource"] = "/{proxy+}",
            ["path"] = request.EncodedPath,
            ["httpMethod"] = request.Method,
            ["headers"] = headers,
            ["multiValueHeaders"] = multiHeaders,
            ["multiValueQueryStringParameters"] = multiQuery,
            ["requestContext"] = new JsonObject
            {
                ["path"] = "/" + GeneratedRequest.Stage + request.EncodedPath,
                ["stage"] = GeneratedRequest.Stage,
                ["requestId"] = request.ProbeId,
                ["identity"] = new JsonObject { ["sourceIp"] = SourceIp },
            },
        };
        AddBody(root, request);
        return root.ToJsonString();
    }

    public static string HttpV2(GeneratedRequest request)
    {
        var headers = new JsonObject();
        foreach (var group in request.WireHeaders().Where(h => !h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
                     .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal))
        {
            headers[group.Key] = string.Join(',', group.Select(h => h.Value));
        }

        var root = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = "/" + GeneratedRequest.Stage + request.EncodedPath,
            ["rawQueryString"] = request.EncodedQuery,
            ["headers"] = headers,
            ["requestContext"] = new JsonObject
            {
                ["stage"] = GeneratedRequest.Stage,
                ["requestId"] = request.ProbeId,
                ["http"] = new JsonObject { ["method"] = request.Method, ["sourceIp"] = SourceIp, ["path"] = "/" + GeneratedRequest.Stage + request.EncodedPath },
            },
        };
        if (request.Cookie is not null)
        {
            root["cookies"] = new JsonArray([.. request.Cookie.Split("; ").Select(c => (JsonNode)JsonValue.Create(c)!)]);
        }

        AddBody(root, request);
        return root.ToJsonString();
    }

    private static void AddBody(JsonObject root, GeneratedRequest request)
    {
        if (request.Body.Length == 0)
        {
            root["body"] = null;
            root["isBase64Encoded"] = false;
        }
        else if (request.BodyAsBase64)
        {
            root["body"] = Convert.ToBase64String(request.Body);
            root["isBase64Encoded"] = true;
        }
        else
        {
            root["body"] = request.BodyText;
            root["isBase64Encoded"] = false;
        }
    }
}
