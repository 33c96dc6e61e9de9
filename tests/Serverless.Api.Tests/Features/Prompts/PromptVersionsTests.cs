using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Prompts;

/// <summary>
/// A tenant's own prompt versions: an admin adds one (it then overrides the platform's for that tenant alone),
/// lists the versions it may use and pins one; another tenant never sees them; every step is audited.
/// </summary>
public sealed class PromptVersionsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Key = "content.draft";

    private static object Own(string marker = "Acme") => new
    {
        systemTemplate = $"You write drafts for {marker}. Answer with one JSON object only.",
        userTemplate = "Draft this {{type}} titled {{title}}: {{body}}",
    };

    [Fact]
    public async Task An_admins_own_version_overrides_the_platforms_for_its_tenant_until_it_pins_another()
    {
        var (tenant, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin", subject: "ada@example.com"));

        var before = await (await admin.GetAsync($"/v1/prompts/{Key}/versions")).AssertOk();
        var response = await admin.PostAsJsonAsync($"/v1/prompts/{Key}/versions", Own());
        var created = await response.AssertOk(HttpStatusCode.Created);
        var version = created.GetProperty("version").GetInt32();
        var after = await (await admin.GetAsync($"/v1/prompts/{Key}/versions")).AssertOk();
        var one = await (await admin.GetAsync($"/v1/prompts/{Key}/versions/{version}")).AssertOk();
        var pinned = await (await admin.PutAsJsonAsync($"/v1/prompts/{Key}/pin", new { version = 1 })).AssertOk();
        var unpinned = await (await admin.PutAsJsonAsync($"/v1/prompts/{Key}/pin", new { version = (int?)null })).AssertOk();
        var audit = await (await admin.GetAsync("/v1/audit?limit=50")).AssertOk();

        Assert.Equal(1, before.GetProperty("activeVersion").GetInt32());
        Assert.All(before.GetProperty("items").EnumerateArray(), i => Assert.Equal("platform", i.GetProperty("owner").GetString()));
        Assert.Equal($"/v1/prompts/{Key}/versions/{version}", response.Headers.Location!.OriginalString);
        Assert.Equal("tenant", created.GetProperty("owner").GetString());
        Assert.Equal("user:ada@example.com", created.GetProperty("createdBy").GetString());
        Assert.Equal("small", created.GetProperty("modelHint").GetString());
        Assert.True(version > 1);
        Assert.Equal(version, after.GetProperty("activeVersion").GetInt32());
        Assert.Equal(version, after.GetProperty("items")[0].GetProperty("version").GetInt32());
        Assert.Equal(created.ToString(), one.ToString());
        Assert.Equal((1, 1), (pinned.GetProperty("pinnedVersion").GetInt32(), pinned.GetProperty("activeVersion").GetInt32()));
        Assert.False(unpinned.TryGetProperty("pinnedVersion", out var pin) && pin.ValueKind != JsonValueKind.Null);
        Assert.Equal(version, unpinned.GetProperty("activeVersion").GetInt32());
        var actions = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("prompt_version.created", actions);
        Assert.Contains("prompt_pin.created", actions);
        Assert.Contains("prompt_pin.deleted", actions);
    }

    [Fact]
    public async Task Another_tenant_never_sees_uses_or_pins_a_tenants_own_version()
    {
        var (a, _) = await api.TenantAsync();
        var (b, _) = await api.TenantAsync();
        var adminA = api.Client().WithBearer(Tokens.Mint(a.Tenant.Id, "admin"));
        var adminB = api.Client().WithBearer(Tokens.Mint(b.Tenant.Id, "admin"));
        var version = (await (await adminA.PostAsJsonAsync($"/v1/prompts/{Key}/versions", Own())).AssertOk(HttpStatusCode.Created)).GetProperty("version").GetInt32();

        var listB = await (await adminB.GetAsync($"/v1/prompts/{Key}/versions")).AssertOk();
        await (await adminB.GetAsync($"/v1/prompts/{Key}/versions/{version}")).AssertProblem(HttpStatusCode.NotFound);
        await (await adminB.PutAsJsonAsync($"/v1/prompts/{Key}/pin", new { version })).AssertProblem(HttpStatusCode.NotFound);

        Assert.DoesNotContain(listB.GetProperty("items").EnumerateArray(), i => i.GetProperty("version").GetInt32() == version);
        Assert.Equal(1, listB.GetProperty("activeVersion").GetInt32());
    }

    [Fact]
    public async Task A_template_may_use_only_the_variables_the_task_fills_and_only_platform_prompts_can_be_overridden()
    {
        var (tenant, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin"));

        var unknown = await (await admin.PostAsJsonAsync($"/v1/prompts/{Key}/versions", new { systemTemplate = "S", userTemplate = "Draft {{title}} for {{customer}}" }))
            .AssertProblem(HttpStatusCode.BadRequest, ":validation");
        var blank = await (await admin.PostAsJsonAsync($"/v1/prompts/{Key}/versions", new { systemTemplate = " ", userTemplate = "Draft {{title}}" }))
            .AssertProblem(HttpStatusCode.BadRequest, ":validation");
        await (await admin.PostAsJsonAsync("/v1/prompts/no.such.prompt/versions", Own())).AssertProblem(HttpStatusCode.NotFound);
        await (await admin.PutAsJsonAsync($"/v1/prompts/{Key}/pin", new { version = 9999 })).AssertProblem(HttpStatusCode.NotFound);
        var list = await (await admin.GetAsync($"/v1/prompts/{Key}/versions")).AssertOk();

        Assert.Contains("{{customer}}", unknown.GetProperty("errors").GetProperty("userTemplate")[0].GetString(), StringComparison.Ordinal);
        Assert.True(blank.GetProperty("errors").TryGetProperty("systemTemplate", out _));
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.Equal("platform", i.GetProperty("owner").GetString()));
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("reviewer")]
    [InlineData("editor")]
    public async Task Only_admins_may_manage_prompt_versions(string role)
    {
        var (tenant, _) = await api.TenantAsync();
        var person = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, role));

        await (await person.GetAsync($"/v1/prompts/{Key}/versions")).AssertProblem(HttpStatusCode.Forbidden);
        await (await person.PostAsJsonAsync($"/v1/prompts/{Key}/versions", Own())).AssertProblem(HttpStatusCode.Forbidden);
        await (await person.PutAsJsonAsync($"/v1/prompts/{Key}/pin", new { version = 1 })).AssertProblem(HttpStatusCode.Forbidden);
    }
}
