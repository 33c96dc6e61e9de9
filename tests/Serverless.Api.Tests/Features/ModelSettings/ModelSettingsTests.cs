using System.Net;
using System.Net.Http.Json;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.ModelSettings;

/// <summary><c>/v1/llm/settings</c>: a tenant admin sets the semantic cache switch and the model tier per task; every change is audited.</summary>
public sealed class ModelSettingsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task An_admin_replaces_the_settings_and_reads_them_back_and_each_change_is_audited()
    {
        var (tenant, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin"));

        var initial = await (await admin.GetAsync("/v1/llm/settings")).AssertOk();
        var first = await (await admin.PutAsJsonAsync("/v1/llm/settings", new
        {
            semanticCache = false, routes = new Dictionary<string, string> { ["drafts.generate"] = "small", ["outline.generate"] = "large" },
        })).AssertOk();
        var second = await (await admin.PutAsJsonAsync("/v1/llm/settings", new
        {
            semanticCache = false, routes = new Dictionary<string, string> { ["drafts.generate"] = "large" },
        })).AssertOk();
        var read = await (await admin.GetAsync("/v1/llm/settings")).AssertOk();

        Assert.True(initial.GetProperty("semanticCache").GetBoolean());
        Assert.Empty(initial.GetProperty("routes").EnumerateObject());
        Assert.Equal(2, first.GetProperty("routes").EnumerateObject().Count());
        Assert.Equal(second.ToString(), read.ToString());
        Assert.False(read.GetProperty("semanticCache").GetBoolean());
        Assert.Equal("large", Assert.Single(read.GetProperty("routes").EnumerateObject()).Value.GetString());
        var audit = await (await admin.GetAsync("/v1/audit?limit=50")).AssertOk();
        var actions = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(1, actions.Count(a => a == "llm_settings.created"));
        Assert.Equal(2, actions.Count(a => a == "llm_route.created"));
        Assert.Equal(1, actions.Count(a => a == "llm_route.updated"));
        Assert.Equal(1, actions.Count(a => a == "llm_route.deleted"));
    }

    [Theory]
    [InlineData("""{"semanticCache":true,"routes":{"Drafts":"small"}}""", "routes.Drafts")]
    [InlineData("""{"semanticCache":true,"routes":{"drafts.generate":"Not Valid!"}}""", "routes.drafts.generate")]
    [InlineData("""{"routes":{}}""", "semanticCache")]
    [InlineData("""{"semanticCache":true}""", "routes")]
    public async Task Bad_settings_are_a_validation_problem_naming_the_field_and_change_nothing(string body, string field)
    {
        var (tenant, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin"));

        var problem = await (await admin.PutAsync("/v1/llm/settings", new StringContent(body, System.Text.Encoding.UTF8, "application/json")))
            .AssertProblem(HttpStatusCode.BadRequest, ":validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty((await (await admin.GetAsync("/v1/llm/settings")).AssertOk()).GetProperty("routes").EnumerateObject());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("reviewer")]
    [InlineData("editor")]
    public async Task Only_admins_may_read_or_change_them(string role)
    {
        var (tenant, _) = await api.TenantAsync();
        var person = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, role));

        await (await person.GetAsync("/v1/llm/settings")).AssertProblem(HttpStatusCode.Forbidden);
        await (await person.PutAsJsonAsync("/v1/llm/settings", new { semanticCache = false, routes = new { } })).AssertProblem(HttpStatusCode.Forbidden);
    }
}
