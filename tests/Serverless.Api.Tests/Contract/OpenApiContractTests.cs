using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Api.Tests.Support;
using Serverless.Core.Drafts;

namespace Serverless.Api.Tests.Contract;

/// <summary>
/// The OpenAPI document against the running server, operation by operation: a request built from the
/// document succeeds; each constraint the document states, when broken, gets the status and type the
/// document declares; and no answer carries a status (or problem type) the document does not declare.
/// </summary>
public sealed class OpenApiContractTests(ContractFixture api) : IClassFixture<ContractFixture>
{
    [Fact]
    public async Task EveryOperation_IsNamedSummarizedSecuredAndAnswersErrorsAsProblems()
    {
        var document = await api.DocumentAsync();
        var operations = Operation.All(document);

        Assert.NotEmpty(operations);
        Assert.All(document["servers"]?.AsArray() ?? [], s => Assert.DoesNotContain("127.0.0.1", (string)s!["url"]!, StringComparison.Ordinal));
        Assert.All(document["servers"]?.AsArray() ?? [], s => Assert.DoesNotContain("localhost", (string)s!["url"]!, StringComparison.Ordinal));
        Assert.Equal(operations.Count, operations.Select(o => o.Id).Distinct().Count());
        foreach (var op in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)op.Node["summary"]), $"{op} has no summary");
            Assert.Equal(op.Path.StartsWith("/v1/", StringComparison.Ordinal), op.Secured);
            foreach (var (status, response) in op.Responses)
            {
                if (int.Parse(status, System.Globalization.CultureInfo.InvariantCulture) >= 400)
                {
                    Assert.True(response!["content"]?["application/problem+json"] is not null, $"{op} {status} is not application/problem+json");
                    Assert.NotEmpty(op.TypesFor(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
            if (op.Secured)
            {
                Assert.True(op.Responses.ContainsKey("401") && op.Responses.ContainsKey("403"), $"{op} does not declare 401 and 403");
            }
        }
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("x-api-key", (string)schemes["ApiKey"]!["name"]!);
        Assert.Equal("bearer", (string)schemes["Bearer"]!["scheme"]!);
    }

    [Fact]
    public async Task EveryOperation_ARequestBuiltFromTheDocument_Succeeds()
    {
        var (tenant, client) = await api.TenantAsync();
        foreach (var op in Operation.All(await api.DocumentAsync()))
        {
            var path = await ArrangeAsync(op, tenant.Tenant.Id, tenant.Tenant.Slug, client);
            var body = op.BodySchema is { } schema ? RequestBuilder.Valid(op, schema) : null;

            var response = await client.SendAsync(Request(op, path, body));

            await op.AssertDeclaredAsync(response, "with a valid request");
            Assert.True(response.IsSuccessStatusCode, $"{op}: a valid request got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task EveryDocumentedConstraint_Broken_GetsTheDocumentedStatusAndType()
    {
        var (tenant, client) = await api.TenantAsync();
        var checkedCount = 0;
        foreach (var op in Operation.All(await api.DocumentAsync()))
        {
            var path = await ArrangeAsync(op, tenant.Tenant.Id, tenant.Tenant.Slug, client);
            if (op.BodySchema is { } schema)
            {
                foreach (var violation in RequestBuilder.Violations(op, schema))
                {
                    var response = await client.SendAsync(Request(op, path, violation.Body));
                    await op.AssertProblemAsync(response, (HttpStatusCode)violation.Status, violation.Type, $"with {violation.Field} breaking {violation.Rule}");
                    checkedCount++;
                }
                var malformed = Request(op, path, null);
                malformed.Content = new StringContent("{\"unterminated", Encoding.UTF8, "application/json");
                await op.AssertProblemAsync(await client.SendAsync(malformed), HttpStatusCode.BadRequest, "urn:serverless:problem:malformed-request", "with malformed JSON");
                var wrongType = Request(op, path, null);
                wrongType.Content = new StringContent("title=x", Encoding.UTF8, "text/plain");
                await op.AssertProblemAsync(await client.SendAsync(wrongType), HttpStatusCode.UnsupportedMediaType, "urn:serverless:problem:unsupported-media-type", "as text/plain");
            }
            foreach (var parameter in op.QueryParameters)
            {
                if (BadQueryValue(parameter["schema"]!.AsObject()) is not { } bad)
                {
                    continue;
                }
                var name = (string)parameter["name"]!;
                var response = await client.SendAsync(Request(op, $"{path}?{name}={Uri.EscapeDataString(bad)}", null));
                await op.AssertProblemAsync(response, HttpStatusCode.BadRequest, "urn:serverless:problem:validation", $"with query {name}={bad}");
                checkedCount++;
            }
            if (op.Secured)
            {
                var anonymous = await api.Client().SendAsync(Request(op, path, op.BodySchema is { } s ? RequestBuilder.Valid(op, s) : null));
                await op.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "urn:serverless:problem:unauthenticated", "without credentials");
            }
        }
        Assert.True(checkedCount > 30, $"only {checkedCount} documented constraints were checked");
    }

    [Fact]
    public async Task Docs_AreServedInteractivelyFromTheDocument()
    {
        var response = await api.Client().GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        // Scalar resolves the document relative to the base path (so it works under an API Gateway stage too).
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);
    }

    private static readonly object TagsSchema = new { type = "object", properties = new { tags = new { type = "array", items = new { type = "string" } } } };

    private static string FreshType() => $"t{Guid.NewGuid():N}"[..12];

    private static string? BadQueryValue(JsonObject schema) =>
        schema["enum"] is JsonArray ? "not-one-of-them"
        : schema["pattern"] is { } pattern ? RequestBuilder.NotMatching((string)pattern!)
        : schema["maximum"] is { } max ? (decimal.Parse(max.ToString(), System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
        : (string?)schema["format"] is "uuid" or "date-time" ? "not-a-value"
        : null;

    private static HttpRequestMessage Request(Operation op, string path, JsonObject? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(op.Method), path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    /// <summary>
    /// The state an operation acts on (an item, a claimed or approved draft, a job, a published page), made
    /// fresh for it; returns the path with its parameters filled in. The document cannot say this: it is
    /// what the test knows about the workflow, nothing about the shape of requests.
    /// </summary>
    private async Task<string> ArrangeAsync(Operation op, Guid tenantId, string tenantSlug, HttpClient client)
    {
        async Task<Guid> Draft(params string[] steps)
        {
            var item = await api.Drafts.ContentAsync(tenantId);
            var draft = await api.Drafts.DraftAsync(tenantId, item.Id, confidence: 0.5m);
            foreach (var step in steps)
            {
                (await client.PostAsync($"/v1/review/items/{draft}/{step}", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
            }
            return draft;
        }

        // A permissive schema for the items the document's examples make ({"tags": [...]}), so their schemaVersion 1 is real.
        async Task ArticleSchema()
        {
            var versions = await (await client.GetAsync("/v1/schemas/article")).AssertOk(HttpStatusCode.OK);
            if (versions.GetProperty("items").GetArrayLength() == 0)
            {
                await (await client.PostAsync("/v1/schemas/article", JsonContent.Create(new { schema = TagsSchema }))).AssertOk(HttpStatusCode.Created);
            }
        }

        var path = op.Path;
        switch (op.Id)
        {
            case "createContent":
                await ArticleSchema();
                break;
            case "listSchemaVersions" or "getSchemaVersion":
                await ArticleSchema();
                path = path.Replace("{type}", "article", StringComparison.Ordinal).Replace("{version}", "1", StringComparison.Ordinal);
                break;
            case "createSchemaVersion":
                path = path.Replace("{type}", FreshType(), StringComparison.Ordinal);
                break;
            case "getSchemaMigration":
                // Two versions of a new type, the second renaming a field: a breaking change with its migration.
                var pivot = FreshType();
                await (await client.PostAsync($"/v1/schemas/{pivot}", JsonContent.Create(new
                {
                    schema = new { type = "object", properties = new { author = new { type = "string" } } },
                }))).AssertOk(HttpStatusCode.Created);
                await (await client.PostAsync($"/v1/schemas/{pivot}", JsonContent.Create(new
                {
                    schema = new { type = "object", properties = new { byline = new { type = "string" } } },
                    migration = new[] { new { op = "rename", from = "author", to = "byline" } },
                }))).AssertOk(HttpStatusCode.Created);
                path = path.Replace("{type}", pivot, StringComparison.Ordinal).Replace("{version}", "2", StringComparison.Ordinal);
                break;
            case "getReviewItem" or "claimReviewItem":
                path = path.Replace("{id}", (await Draft()).ToString(), StringComparison.Ordinal);
                break;
            case "releaseReviewItem" or "approveReviewItem" or "rejectReviewItem" or "regenerateReviewItem":
                path = path.Replace("{id}", (await Draft("claim")).ToString(), StringComparison.Ordinal);
                break;
            case "publishReviewItem":
                path = path.Replace("{id}", (await Draft("claim", "approve")).ToString(), StringComparison.Ordinal);
                break;
            case "getJob":
                var forJob = await api.Drafts.ContentAsync(tenantId);
                var accepted = await (await client.PostAsync($"/v1/content/{forJob.Id}/drafts", JsonContent.Create(new { }))).AssertOk(HttpStatusCode.Accepted);
                path = path.Replace("{id}", accepted.GetProperty("jobId").GetString(), StringComparison.Ordinal);
                break;
            case "listPromptVersions" or "createPromptVersion" or "getPromptVersion" or "pinPromptVersion":
                path = path.Replace("{key}", DraftGenerator.PromptKey, StringComparison.Ordinal).Replace("{version}", "1", StringComparison.Ordinal);
                break;
            case "getPromptStats":
                await Draft();
                path = path.Replace("{key}", DraftGenerator.PromptKey, StringComparison.Ordinal).Replace("{version}", "1", StringComparison.Ordinal);
                break;
            case "getPublicContent":
                var published = await client.CreateAsync(ContentApi.NewItem(status: "published"));
                await api.Db.Database.WaitForReplicaAsync();
                path = path.Replace("{tenantSlug}", tenantSlug, StringComparison.Ordinal)
                    .Replace("{type}", published.GetProperty("type").GetString(), StringComparison.Ordinal)
                    .Replace("{slug}", published.GetProperty("slug").GetString(), StringComparison.Ordinal);
                break;
            default:
                if (path.Contains("{id}", StringComparison.Ordinal))
                {
                    await ArticleSchema();
                    path = path.Replace("{id}", (await api.Drafts.ContentAsync(tenantId)).Id.ToString(), StringComparison.Ordinal);
                    // Some reads (revisions, lists) come from the replica: let it see the new item first.
                    await api.Db.Database.WaitForReplicaAsync();
                }
                break;
        }
        return path;
    }
}
