using System.Net;
using System.Text;
using CsCheck;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Errors;

/// <summary>Every client mistake gets a clear 4xx Problem Details response, and nothing is stored.</summary>
public sealed class BadInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task MalformedJson_Returns400()
    {
        var (_, client) = await api.TenantAsync();

        var response = await client.PostAsync("/v1/content", new StringContent("{\"type\": \"article\", ", Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ":malformed-request");
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongContentType_Returns415()
    {
        var (_, client) = await api.TenantAsync();

        var response = await client.PostAsync("/v1/content", new StringContent("type=article", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.AssertProblem(HttpStatusCode.UnsupportedMediaType, ":unsupported-media-type");
    }

    [Fact]
    public async Task EmptyBody_Returns400()
    {
        var (_, client) = await api.TenantAsync();

        var response = await client.PostAsync("/v1/content", new StringContent("", Encoding.UTF8, "application/json"));

        await response.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("title", 201, 0, 0)]
    [InlineData("body", 0, 256 * 1024 + 1, 0)]
    [InlineData("attributes", 0, 0, 64 * 1024 + 1)]
    public async Task FieldOverItsLimit_Returns413NamingTheField(string field, int titleChars, int bodyBytes, int attributeBytes)
    {
        var (_, client) = await api.TenantAsync();
        var item = new
        {
            type = "article",
            slug = "too-big",
            locale = "en",
            title = titleChars > 0 ? new string('t', titleChars) : "ok",
            body = new string('b', bodyBytes),
            attributes = new { blob = new string('a', Math.Max(0, attributeBytes - 11)) },
        };

        var response = await client.PostJson("/v1/content", item);

        var problem = await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, ":too-large");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}");
    }

    [Fact]
    public async Task FieldsExactlyAtTheirLimits_AreAccepted()
    {
        var (_, client) = await api.TenantAsync();

        var response = await client.PostJson("/v1/content", new
        {
            type = "article", slug = "at-limit", locale = "en",
            title = new string('t', 200), body = new string('é', 128 * 1024), attributes = new { blob = new string('a', 64 * 1024 - 11) },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task RequestBodyOverTheEndpointCap_Returns413()
    {
        var (_, client) = await api.TenantAsync();

        var response = await client.PostAsync("/v1/content", new StringContent(
            "{\"title\":\"" + new string('x', 3 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json"));

        await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("slug", "Not A Slug")]
    [InlineData("slug", "")]
    [InlineData("locale", "english")]
    [InlineData("locale", "en_US")]
    [InlineData("type", "Article!")]
    [InlineData("status", "approved")]
    public async Task InvalidField_Returns400NamingIt(string field, string value)
    {
        var (_, client) = await api.TenantAsync();
        var item = new Dictionary<string, object?>
        {
            ["type"] = "article", ["slug"] = "fine", ["locale"] = "en", ["title"] = "T", [field] = value,
        };

        var response = await client.PostJson("/v1/content", item);

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ":validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}");
    }

    [Fact]
    public async Task MissingRequiredFields_AreAllNamedInOneResponse()
    {
        var (_, client) = await api.TenantAsync();

        var problem = await (await client.PostJson("/v1/content", new { })).AssertProblem(HttpStatusCode.BadRequest, ":validation");

        var errors = problem.GetProperty("errors");
        Assert.All(new[] { "type", "slug", "locale", "title" }, f => Assert.True(errors.TryGetProperty(f, out _), f));
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    public async Task AttributesNotAnObject_Returns400(string attributes)
    {
        var (_, client) = await api.TenantAsync();
        var json = $"{{\"type\":\"article\",\"slug\":\"a\",\"locale\":\"en\",\"title\":\"T\",\"attributes\":{attributes}}}";

        var response = await client.PostAsync("/v1/content", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertProblem(HttpStatusCode.BadRequest, ":validation");
    }

    [Fact]
    public async Task NulCharacters_Return400_NotADatabaseError()
    {
        var (_, client) = await api.TenantAsync();

        var response = await client.PostJson("/v1/content", new { type = "article", slug = "nul", locale = "en", title = "T\0", body = "b\0" });

        await response.AssertProblem(HttpStatusCode.BadRequest, ":validation");
    }

    [Fact]
    public async Task WrongJsonTypes_Return400()
    {
        var (_, client) = await api.TenantAsync();

        var response = await client.PostAsync("/v1/content", new StringContent(
            "{\"type\":\"article\",\"slug\":\"a\",\"locale\":\"en\",\"title\":[\"T\"]}", Encoding.UTF8, "application/json"));

        await response.AssertProblem(HttpStatusCode.BadRequest, ":malformed-request");
    }

    [Fact]
    public async Task NonGuidId_Returns404()
    {
        var (_, client) = await api.TenantAsync();

        await (await client.GetAsync("/v1/content/not-a-guid")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RandomBodies_NeverCauseAServerError()
    {
        var (_, client) = await api.TenantAsync();
        var fields = Gen.OneOf<string>("type", "slug", "locale", "title", "body", "attributes", "status", "version", "x");
        var values = Gen.OneOf(
            Gen.String.Select(s => System.Text.Json.JsonSerializer.Serialize(s)),
            Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.OneOf<string>("null", "true", "{}", "[]", "{\"a\":[1,{\"b\":null}]}", "\"\\u0000\"", "\"\\ud800\"", "1e400", "-0"));
        var bodies = Gen.Select(fields, values).Array[0, 8].Select(pairs => "{" + string.Join(",", pairs.Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}");
        var raw = Gen.String;
        var statuses = new List<int>();

        await Gen.OneOf(bodies, raw).SampleAsync(async body =>
        {
            var create = await client.PostAsync("/v1/content", new StringContent(body, Encoding.UTF8, "application/json"));
            statuses.Add((int)create.StatusCode);
            Assert.True((int)create.StatusCode < 500, $"{(int)create.StatusCode} for {body}: {await create.Content.ReadAsStringAsync()}");
        }, iter: 150);

        Assert.Contains(statuses, s => s == 400);
    }
}
