using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Serverless.Testing.Aws;

namespace Serverless.Api.Tests.Authorizer;

/// <summary>
/// API Gateway's GetApiKeys for one region, behind a fake that verifies every SigV4 signature: the keys
/// onboarding registered, each with its customerId (the tenant id), value and enabled flag.
/// </summary>
public sealed class FakeGatewayKeys : IAsyncDisposable
{
    public const string Region = "eu-central-1";

    public FakeGatewayKeys()
    {
        Endpoint = new FakeAwsEndpoint(Region, "apigateway", request =>
        {
            if (request.Method != "GET" || request.Path != "/apikeys")
            {
                return (404, "application/json", """{"message":"no such resource"}""");
            }
            var query = System.Web.HttpUtility.ParseQueryString(request.Query);
            var withValues = query["includeValues"] == "true";
            var items = Keys.Where(k => k.CustomerId == query["customerId"])
                .Select(k => (JsonNode)new JsonObject
                {
                    ["id"] = k.Id, ["name"] = k.Name, ["customerId"] = k.CustomerId, ["enabled"] = k.Enabled,
                    ["createdDate"] = k.CreatedDate, ["value"] = withValues ? k.Value : null,
                }).ToArray();
            return (200, "application/json", new JsonObject { ["item"] = new JsonArray(items) }.ToJsonString());
        });
    }

    public FakeAwsEndpoint Endpoint { get; }

    public ConcurrentBag<FakeKey> Keys { get; } = [];

    public int Lookups => Endpoint.Received.Count(r => r.Path == "/apikeys");

    public void Add(Guid tenantId, string value, bool enabled = true, long createdDate = 1_700_000_000) =>
        Keys.Add(new FakeKey($"key{Keys.Count + 1}", $"tenant-t{tenantId.ToString()[..8]}-{value[..6]}", tenantId.ToString(), value, enabled, createdDate));

    public ValueTask DisposeAsync() => Endpoint.DisposeAsync();

    public sealed record FakeKey(string Id, string Name, string CustomerId, string Value, bool Enabled, long CreatedDate);
}
