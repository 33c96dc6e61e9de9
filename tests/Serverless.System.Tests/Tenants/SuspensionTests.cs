using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Serverless.Core.Jobs;
using Serverless.Core.Tenants;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Tenants;

/// <summary>The public caches keep a page and a tenant for a second or two here, so hiding and showing are quick to observe.</summary>
public sealed class SuspensionFixture : PipelineFixture
{
    protected override Dictionary<string, string?> ApiSettings => new()
    {
        ["PublicContent:FreshSeconds"] = "1", ["PublicContent:NegativeSeconds"] = "1", ["PublicContent:TenantSeconds"] = "2",
    };

    public HttpClient Anonymous()
    {
        var client = Client("");
        client.DefaultRequestHeaders.Remove("x-api-key");
        return client;
    }
}

/// <summary>
/// A suspended tenant is refused at every door: its API key and its people's tokens (403 tenant-suspended),
/// its public pages (404), and its queued jobs (paused, not failed); resuming opens them all again and the
/// paused job runs.
/// </summary>
public sealed class SuspensionTests(SuspensionFixture fx) : IClassFixture<SuspensionFixture>
{
    [Fact]
    public async Task Suspend_RefusesKeyTokenPublicPathAndQueuedJobs_ResumeRestoresThem()
    {
        fx.Model.Answers();
        var tenant = await fx.Db.Seeder.TenantWithKeyAsync();
        var keyClient = fx.Client(tenant.ApiKey);
        var person = fx.Client(tenant.ApiKey);
        person.DefaultRequestHeaders.Remove("x-api-key");
        person.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(tenant.Tenant.Id));
        var created = await keyClient.PostAsJsonAsync("/v1/content", new
        {
            type = "article", slug = "on-air", locale = "en", status = "published", title = "On air", body = "Live.", attributes = new { },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var contentId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var publicPath = $"/public/{tenant.Tenant.Slug}/article/on-air";
        await fx.Db.Database.WaitForReplicaAsync();
        Assert.Equal(HttpStatusCode.OK, (await fx.Anonymous().GetAsync(publicPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/v1/content")).StatusCode);
        // A job queued before the suspension, with no worker running yet.
        var jobId = await PipelineFixture.RequestDraftAsync(keyClient, contentId);

        await using var admin = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await new TenantLifecycle(admin).SuspendAsync(tenant.Tenant.Slug, "unpaid invoice", "operator:test", default);

        await RefusedAsync(keyClient, "the API key");
        await RefusedAsync(person, "the person's token");
        await Eventually.Until(async () => (await fx.Anonymous().GetAsync(publicPath)).StatusCode, s => s == HttpStatusCode.NotFound, "the public page to be hidden");
        await using (await fx.StartWorkerAsync())
        {
            var paused = await JobStatusAsync(tenant.Tenant.Id, jobId, JobStatus.Paused);
            Assert.Equal(0, paused.Attempts);

            await new TenantLifecycle(admin).ResumeAsync(tenant.Tenant.Slug, "operator:test", default);

            await Eventually.Until(async () => (await keyClient.GetAsync("/v1/content")).StatusCode, s => s == HttpStatusCode.OK, "the key to work again");
            await Eventually.Until(async () => (await person.GetAsync("/v1/content")).StatusCode, s => s == HttpStatusCode.OK, "the token to work again");
            await Eventually.Until(async () => (await fx.Anonymous().GetAsync(publicPath)).StatusCode, s => s == HttpStatusCode.OK, "the public page to be back");
            await JobStatusAsync(tenant.Tenant.Id, jobId, JobStatus.Succeeded);
        }
    }

    private static async Task RefusedAsync(HttpClient client, string door)
    {
        var response = await Eventually.Until(() => client.GetAsync("/v1/content"), r => r.StatusCode == HttpStatusCode.Forbidden, $"{door} to be refused");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:serverless:problem:tenant-suspended", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    private Task<Job> JobStatusAsync(Guid tenantId, Guid jobId, string status) =>
        Eventually.Until(async () => (await new JobStore(fx.Db.App, TimeProvider.System).GetAsync(tenantId, jobId, default))!,
            j => j.Status == status, $"job {jobId} to be {status}", timeoutSeconds: 90);

    // The API runs as Development here, with the local issuer's key (appsettings.Development.json).
    private static string Token(Guid tenantId) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "serverless-local",
        Audience = "serverless-api",
        Expires = DateTime.UtcNow.AddMinutes(10),
        Subject = new ClaimsIdentity([new Claim("sub", "alice"), new Claim("role", "admin"), new Claim("tenant_id", tenantId.ToString())]),
        SigningCredentials = new SigningCredentials(
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes("local-development-signing-key-not-for-production-0123456789")), SecurityAlgorithms.HmacSha256),
    });
}
