using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Aws.Signing;

namespace Serverless.Aws.Gateway;

/// <summary>
/// The few API Gateway management calls onboarding needs, over HTTPS signed with SigV4 for service
/// <c>apigateway</c> (AWSSDK.APIGateway is not served here): API keys and usage-plan keys of one region.
/// </summary>
public sealed class ApiGatewayClient(HttpClient http, SigV4Signer signer, string region, Uri endpoint)
{
    public const string Service = "apigateway";

    public string Region { get; } = region;

    /// <summary>The regional endpoint, <c>https://apigateway.{region}.amazonaws.com</c>.</summary>
    public static Uri EndpointFor(string region) => new($"https://apigateway.{region}.amazonaws.com");

    /// <summary>Keys whose name starts with <paramref name="namePrefix"/> (API Gateway's nameQuery is a prefix match).</summary>
    public async Task<IReadOnlyList<GatewayKey>> FindKeysAsync(string namePrefix, CancellationToken ct)
    {
        var keys = new List<GatewayKey>();
        string? position = null;
        do
        {
            var query = $"?name={Uri.EscapeDataString(namePrefix)}&limit=500" + (position is null ? "" : $"&position={Uri.EscapeDataString(position)}");
            var page = await SendAsync(HttpMethod.Get, "/apikeys" + query, null, ct);
            var items = page?["item"]?.AsArray() ?? page?["items"]?.AsArray() ?? [];
            keys.AddRange(items.Select(i => new GatewayKey((string)i!["id"]!, (string?)i["name"] ?? "", (string?)i["customerId"]))
                .Where(k => k.Name.StartsWith(namePrefix, StringComparison.Ordinal)));
            position = (string?)page?["position"];
        }
        while (position is not null);
        return keys;
    }

    /// <summary>
    /// The enabled keys, with their values, whose <c>customerId</c> is <paramref name="customerId"/>: the
    /// tenant id, set at onboarding, so an authorizer can find a person's usage-plan key from their token.
    /// </summary>
    public async Task<IReadOnlyList<string>> EnabledKeyValuesAsync(string customerId, CancellationToken ct)
    {
        var values = new List<(long Created, string Value)>();
        string? position = null;
        do
        {
            var query = $"?customerId={Uri.EscapeDataString(customerId)}&includeValues=true&limit=500" + (position is null ? "" : $"&position={Uri.EscapeDataString(position)}");
            var page = await SendAsync(HttpMethod.Get, "/apikeys" + query, null, ct);
            var items = page?["item"]?.AsArray() ?? page?["items"]?.AsArray() ?? [];
            values.AddRange(items
                .Where(i => (string?)i?["customerId"] == customerId && (bool?)i?["enabled"] == true && !string.IsNullOrEmpty((string?)i?["value"]))
                .Select(i => ((long?)i!["createdDate"]?.AsValue().GetValue<double>() ?? 0, (string)i["value"]!)));
            position = (string?)page?["position"];
        }
        while (position is not null);
        // Newest first: after a rotation the new key is the one that will outlive the grace period.
        return values.OrderByDescending(v => v.Created).Select(v => v.Value).ToList();
    }

    public async Task<string> CreateKeyAsync(string name, string value, string description, string customerId, CancellationToken ct)
    {
        var body = new JsonObject { ["name"] = name, ["value"] = value, ["description"] = description, ["customerId"] = customerId, ["enabled"] = true };
        var created = await SendAsync(HttpMethod.Post, "/apikeys", body, ct);
        return (string?)created?["id"] ?? throw new ApiGatewayException(HttpStatusCode.OK, "NoId", "CreateApiKey returned no id");
    }

    /// <summary>Files an existing key under <paramref name="customerId"/> (UpdateApiKey, a JSON patch).</summary>
    public async Task SetCustomerIdAsync(string keyId, string customerId, CancellationToken ct)
    {
        var patch = new JsonObject { ["op"] = "replace", ["path"] = "/customerId", ["value"] = customerId };
        await SendAsync(HttpMethod.Patch, $"/apikeys/{Uri.EscapeDataString(keyId)}", new JsonObject { ["patchOperations"] = new JsonArray(patch) }, ct);
    }

    /// <summary>Adds the key to the plan; false when it was there already.</summary>
    public async Task<bool> AttachAsync(string usagePlanId, string keyId, CancellationToken ct)
    {
        try
        {
            await SendAsync(HttpMethod.Post, $"/usageplans/{Uri.EscapeDataString(usagePlanId)}/keys", new JsonObject { ["keyId"] = keyId, ["keyType"] = "API_KEY" }, ct);
            return true;
        }
        catch (ApiGatewayException e) when (e.Status == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Takes the key off the plan; false when it was not on it.</summary>
    public async Task<bool> DetachAsync(string usagePlanId, string keyId, CancellationToken ct)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, $"/usageplans/{Uri.EscapeDataString(usagePlanId)}/keys/{Uri.EscapeDataString(keyId)}", null, ct);
            return true;
        }
        catch (ApiGatewayException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task DeleteKeyAsync(string keyId, CancellationToken ct) =>
        await SendAsync(HttpMethod.Delete, $"/apikeys/{Uri.EscapeDataString(keyId)}", null, ct);

    private async Task<JsonNode?> SendAsync(HttpMethod method, string pathAndQuery, JsonObject? json, CancellationToken ct)
    {
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json.ToJsonString());
        using var request = new HttpRequestMessage(method, new Uri(endpoint, pathAndQuery));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (json is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        await signer.SignAsync(request, body, Service, Region, ct);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First().Split(':')[0] : response.StatusCode.ToString();
            throw new ApiGatewayException(response.StatusCode, type, Message(text));
        }
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static string Message(string text)
    {
        try
        {
            return (string?)JsonNode.Parse(text)?["message"] ?? text;
        }
        catch (JsonException)
        {
            return text.Length > 200 ? text[..200] : text;
        }
    }
}
