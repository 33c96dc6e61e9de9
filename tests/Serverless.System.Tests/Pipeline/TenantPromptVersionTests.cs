using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Pipeline;

/// <summary>
/// A tenant's own prompt version, written and pinned through the API, is the prompt the worker renders for that
/// tenant's drafts, and reaches the model over HTTP; a tenant without one is still served the platform's version.
/// </summary>
public sealed class TenantPromptVersionTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    private const string Marker = "ACME-HOUSE-STYLE";

    [Fact]
    public async Task The_draft_job_renders_the_tenants_pinned_version_and_other_tenants_keep_the_platforms()
    {
        fx.Model.Answers();
        var (acme, acmeItem, _) = await fx.TenantWithItemAsync();
        var (other, otherItem, _) = await fx.TenantWithItemAsync();
        var created = await (await acme.PostAsJsonAsync("/v1/prompts/content.draft/versions", new
        {
            systemTemplate = $"{Marker}: you write drafts in Acme's voice. Answer with one JSON object only, matching the given schema.",
            userTemplate = $"{Marker} draft of the {{{{type}}}} titled {{{{title}}}} from these notes: {{{{body}}}}",
        })).Content.ReadFromJsonAsync<JsonElement>();
        var version = created.GetProperty("version").GetInt32();
        // A platform version added later does not displace the tenant's pin.
        var pin = await acme.PutAsJsonAsync("/v1/prompts/content.draft/pin", new { version });
        Assert.Equal(HttpStatusCode.OK, pin.StatusCode);
        await using (var admin = Npgsql.NpgsqlDataSource.Create(fx.Db.Database.Admin))
        {
            await Serverless.Core.Prompts.PromptStore.AddVersionAsync(admin, "content.draft", "Platform v-next.",
                "Draft this {{type}} titled {{title}} ({{locale}}): {{body}} / {{instructions}}", "small",
                """{"type":"object","required":["title","body","confidence"],"properties":{"title":{"type":"string"},"body":{"type":"string"},"confidence":{"type":"number"}}}""",
                CancellationToken.None);
        }
        await using var worker = await fx.StartWorkerAsync();

        await PipelineFixture.JobReachesAsync(acme, await PipelineFixture.RequestDraftAsync(acme, acmeItem), "succeeded");
        var acmeCalls = fx.Model.RequestBodies.ToList();
        await PipelineFixture.JobReachesAsync(other, await PipelineFixture.RequestDraftAsync(other, otherItem), "succeeded");
        var otherCalls = fx.Model.RequestBodies.Skip(acmeCalls.Count).ToList();

        var acmeRequest = Assert.Single(acmeCalls);
        Assert.Contains($"{Marker} draft of the article titled Serverless on a budget from these notes: Notes: cold starts, AOT, SQS.", acmeRequest, StringComparison.Ordinal);
        Assert.Contains($"{Marker}: you write drafts in Acme", acmeRequest, StringComparison.Ordinal);
        Assert.Equal(version, Assert.Single(await PipelineFixture.DraftsAsync(acme, acmeItem)).GetProperty("promptVersion").GetInt32());
        Assert.DoesNotContain(Marker, Assert.Single(otherCalls), StringComparison.Ordinal);
        Assert.Contains("Platform v-next.", otherCalls[0], StringComparison.Ordinal);
        Assert.Equal(version + 1, Assert.Single(await PipelineFixture.DraftsAsync(other, otherItem)).GetProperty("promptVersion").GetInt32());
    }
}
