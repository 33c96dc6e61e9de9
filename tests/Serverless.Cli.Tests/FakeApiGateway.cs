using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Serverless.Testing.Aws;

namespace Serverless.Cli.Tests;

/// <summary>
/// One region's API Gateway key management and SSM parameters, as fakes that verify every SigV4
/// signature: keys with their values, and which usage plans each key is on.
/// </summary>
public sealed class FakeApiGateway : IAsyncDisposable
{
    public const string Region = "eu-central-1";
    private int _next;

    public FakeApiGateway(string environment, IReadOnlyDictionary<string, string> plans)
    {
        Plans = plans;
        Gateway = new FakeAwsEndpoint(Region, "apigateway", Handle);
        Ssm = new FakeAwsEndpoint(Region, "ssm", request =>
        {
            var name = (string)JsonNode.Parse(request.Text)!["Name"]!;
            var tier = name.StartsWith($"/serverless/{environment}/usage-plans/", StringComparison.Ordinal) ? name.Split('/')[^1] : "";
            return plans.TryGetValue(tier, out var id)
                ? (200, "application/x-amz-json-1.1", new JsonObject { ["Parameter"] = new JsonObject { ["Name"] = name, ["Value"] = id, ["Type"] = "String" } }.ToJsonString())
                : (400, "application/x-amz-json-1.1", """{"__type":"ParameterNotFound","message":"not found"}""");
        });
    }

    public IReadOnlyDictionary<string, string> Plans { get; }

    public FakeAwsEndpoint Gateway { get; }

    public FakeAwsEndpoint Ssm { get; }

    /// <summary>Key id → (name, value).</summary>
    public ConcurrentDictionary<string, (string Name, string Value)> Keys { get; } = new();

    /// <summary>Key id → customerId (the tenant id onboarding files the key under).</summary>
    public ConcurrentDictionary<string, string> CustomerIds { get; } = new();

    /// <summary>(plan id, key id) pairs.</summary>
    public ConcurrentDictionary<(string Plan, string Key), bool> PlanKeys { get; } = new();

    /// <summary>Makes attaching to this plan fail as a missing plan would (404), to see failures surface.</summary>
    public string? BrokenPlan { get; set; }

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["SL_APIGATEWAY_URL"] = Gateway.Url,
        ["SL_SSM_URL"] = Ssm.Url,
        ["AWS_ACCESS_KEY_ID"] = FakeAwsEndpoint.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = FakeAwsEndpoint.SecretKey,
        ["AWS_SESSION_TOKEN"] = FakeAwsEndpoint.SessionToken,
        ["AWS_REGION"] = Region,
    };

    public IEnumerable<string> PlansOf(string keyId) => PlanKeys.Keys.Where(p => p.Key == keyId).Select(p => p.Plan);

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Ssm.DisposeAsync();
    }

    private (int, string, string) Handle(ReceivedRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        switch (request.Method, segments)
        {
            case ("GET", ["apikeys"]):
                var name = System.Web.HttpUtility.ParseQueryString(request.Query)["name"] ?? "";
                var items = new JsonArray(Keys.Where(k => k.Value.Name.StartsWith(name, StringComparison.Ordinal))
                    .Select(k => (JsonNode)new JsonObject { ["id"] = k.Key, ["name"] = k.Value.Name, ["customerId"] = CustomerIds.GetValueOrDefault(k.Key) }).ToArray());
                return Json(200, new JsonObject { ["item"] = items });
            case ("POST", ["apikeys"]):
                var body = JsonNode.Parse(request.Text)!;
                if (Keys.Values.Any(k => k.Value == (string)body["value"]!))
                {
                    return Error(409, "ConflictException", "API Key already exists");
                }
                var id = $"key{Interlocked.Increment(ref _next)}";
                Keys[id] = ((string)body["name"]!, (string)body["value"]!);
                if ((string?)body["customerId"] is { } customer)
                {
                    CustomerIds[id] = customer;
                }
                return Json(201, new JsonObject { ["id"] = id, ["name"] = (string)body["name"]! });
            case ("PATCH", ["apikeys", var keyId]):
                if (!Keys.ContainsKey(keyId))
                {
                    return Error(404, "NotFoundException", "Invalid API Key identifier specified");
                }
                foreach (var op in JsonNode.Parse(request.Text)!["patchOperations"]!.AsArray())
                {
                    if ((string?)op!["op"] != "replace" || (string?)op["path"] != "/customerId")
                    {
                        return Error(400, "BadRequestException", $"unexpected patch {op.ToJsonString()}");
                    }
                    CustomerIds[keyId] = (string)op["value"]!;
                }
                return Json(200, new JsonObject { ["id"] = keyId });
            case ("DELETE", ["apikeys", var keyId]):
                if (!Keys.TryRemove(keyId, out _))
                {
                    return Error(404, "NotFoundException", "Invalid API Key identifier specified");
                }
                foreach (var pair in PlanKeys.Keys.Where(p => p.Key == keyId))
                {
                    PlanKeys.TryRemove(pair, out _);
                }
                return (202, "application/json", "");
            case ("POST", ["usageplans", var plan, "keys"]):
                var key = (string)JsonNode.Parse(request.Text)!["keyId"]!;
                if (plan == BrokenPlan || !Plans.Values.Contains(plan))
                {
                    return Error(404, "NotFoundException", "Invalid Usage Plan ID specified");
                }
                return PlanKeys.TryAdd((plan, key), true) ? Json(201, new JsonObject { ["id"] = key, ["type"] = "API_KEY" }) : Error(409, "ConflictException", "already exists");
            case ("DELETE", ["usageplans", var plan, "keys", var keyId]):
                return PlanKeys.TryRemove((plan, keyId), out _) ? (202, "application/json", "") : Error(404, "NotFoundException", "Invalid API Key identifier specified");
            default:
                return Error(400, "BadRequestException", $"unexpected {request.Method} {request.Path}");
        }
    }

    private static (int, string, string) Json(int status, JsonObject body) => (status, "application/json", body.ToJsonString());

    // Real API Gateway names the error in x-amzn-ErrorType; the fake puts it in the body's message too.
    private static (int, string, string) Error(int status, string type, string message) =>
        (status, "application/json", new JsonObject { ["message"] = $"{type}: {message}" }.ToJsonString());
}
