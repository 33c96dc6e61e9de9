using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Api.Tests.Contract;

/// <summary>One operation of the OpenAPI document, and checks of an answer against what it declares.</summary>
public sealed record Operation(string Method, string Path, JsonObject Node, JsonObject Document)
{
    public string Id => (string)Node["operationId"]!;

    public bool Secured => Node["security"] is JsonArray { Count: > 0 };

    public JsonObject Responses => Node["responses"]!.AsObject();

    public JsonObject? BodySchema => Node["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema ? Resolve(schema) : null;

    public IEnumerable<JsonObject> QueryParameters =>
        (Node["parameters"] as JsonArray ?? []).Select(p => p!.AsObject()).Where(p => (string)p["in"]! == "query");

    public override string ToString() => $"{Method} {Path} ({Id})";

    public static IReadOnlyList<Operation> All(JsonObject document) =>
        [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(op => new Operation(op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject(), document)))];

    public JsonObject Resolve(JsonNode schema) =>
        schema["$ref"] is { } reference
            ? Document["components"]!["schemas"]![((string)reference!).Split('/')[^1]]!.AsObject()
            : schema.AsObject();

    /// <summary>The problem types the document declares for a status.</summary>
    public IReadOnlyList<string> TypesFor(int status) =>
        Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?["application/problem+json"]?["schema"]?["allOf"]?[1]?["properties"]?["type"]?["enum"]
            is JsonArray types ? [.. types.Select(t => (string)t!)] : [];

    /// <summary>The answer's status is one the operation declares; a problem's type is one declared for that status.</summary>
    public async Task<string> AssertDeclaredAsync(HttpResponseMessage response, string what)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(Responses.ContainsKey(status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            $"{this} {what}: answered {status}, which the document does not declare: {body}");
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            var type = JsonDocument.Parse(body).RootElement.GetProperty("type").GetString()!;
            Assert.True(TypesFor(status).Contains(type), $"{this} {what}: {status} with type {type}, not declared for {status} ({string.Join(", ", TypesFor(status))})");
        }
        return body;
    }

    public async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string what)
    {
        var body = await AssertDeclaredAsync(response, what);
        Assert.True(status == response.StatusCode, $"{this} {what}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(type, JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
    }
}
