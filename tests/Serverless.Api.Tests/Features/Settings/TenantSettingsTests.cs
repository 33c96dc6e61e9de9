using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serverless.Api.Tests.Support;
using Serverless.Core.Budgets;
using Serverless.Core.PublicContent;
using Serverless.Core.Review;
using Serverless.Core.Secrets;
using Serverless.Core.Tenants;

namespace Serverless.Api.Tests.Features.Settings;

/// <summary>
/// <c>/v1/settings</c>: a tenant admin reads and replaces the tenant's own settings with optimistic concurrency;
/// everything is validated, every change is a version in the audit log, the webhook secret is never shown, and the
/// readers (review, public pages, CORS) and the operator CLI work on the same data.
/// </summary>
public sealed class TenantSettingsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task An_admin_reads_the_defaults_replaces_them_with_the_etag_and_reads_them_back()
    {
        var (tenant, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin", subject: "ada@example.com"));

        var read = await admin.GetAsync("/v1/settings");
        var defaults = await read.AssertOk();
        var put = await admin.SendAsync(SettingsApi.Put(SettingsApi.Body(
            threshold: 0.75m, banned: ["miracle", "Guaranteed", "miracle"], maxAge: 120, locale: "de-AT",
            origins: ["https://App.Acme.example:443", "http://localhost:5173"], webhook: "https://hooks.acme.example/budget", secret: SettingsApi.Secret),
            read.ETag()));
        var replaced = await put.AssertOk();
        var again = await admin.GetAsync("/v1/settings");
        var stored = await again.AssertOk();

        Assert.Equal("\"1\"", read.ETag());
        Assert.Equal(1, defaults.GetProperty("version").GetInt32());
        Assert.Equal(0.9m, defaults.GetProperty("review").GetProperty("threshold").GetDecimal());
        Assert.False(defaults.GetProperty("review").GetProperty("autoApprove").GetBoolean());
        Assert.Equal("en", defaults.GetProperty("defaultLocale").GetString());
        Assert.False(defaults.GetProperty("budgetWebhookSecretSet").GetBoolean());
        Assert.Equal(stored.ToString(), replaced.ToString());
        Assert.Equal(put.ETag(), again.ETag());
        Assert.Equal($"\"{stored.GetProperty("version").GetInt32()}\"", again.ETag());
        Assert.True(stored.GetProperty("version").GetInt32() > 1);
        Assert.Equal(0.75m, stored.GetProperty("review").GetProperty("threshold").GetDecimal());
        Assert.True(stored.GetProperty("review").GetProperty("autoApprove").GetBoolean());
        Assert.Equal(["miracle", "Guaranteed"], stored.GetProperty("bannedTerms").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(120, stored.GetProperty("publicCache").GetProperty("maxAge").GetInt32());
        Assert.Equal("de-AT", stored.GetProperty("defaultLocale").GetString());
        Assert.Equal(["https://app.acme.example", "http://localhost:5173"], stored.GetProperty("corsOrigins").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("https://hooks.acme.example/budget", stored.GetProperty("budgetWebhookUrl").GetString());
        Assert.True(stored.GetProperty("budgetWebhookSecretSet").GetBoolean());
        Assert.DoesNotContain(SettingsApi.Secret, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(SettingsApi.Secret, await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_change_is_a_version_in_the_audit_log_with_before_after_and_actor_and_never_the_secret()
    {
        var (tenant, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin", subject: "ada@example.com"));

        var first = await (await admin.SendAsync(SettingsApi.Put(SettingsApi.Body(threshold: 0.7m), "\"1\""))).AssertOk();
        var firstVersion = first.GetProperty("version").GetInt32();
        await (await admin.SendAsync(SettingsApi.Put(
            SettingsApi.Body(threshold: 0.6m, webhook: "https://hooks.acme.example/b", secret: SettingsApi.Secret), $"\"{firstVersion}\""))).AssertOk();
        var unchanged = await (await admin.SendAsync(SettingsApi.Put(
            SettingsApi.Body(threshold: 0.6m, webhook: "https://hooks.acme.example/b"), "*"))).AssertOk();
        var audit = await admin.GetAsync("/v1/audit?entityType=tenant_settings&limit=50");
        var entries = (await audit.AssertOk()).GetProperty("items").EnumerateArray().ToList();

        // Two parts changed in the second request (the document and the webhook): two versions; the third changed nothing.
        Assert.Equal(3, entries.Count);
        Assert.Equal(firstVersion + 2, unchanged.GetProperty("version").GetInt32());
        Assert.All(entries, e => Assert.Equal("tenant_settings.updated", e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("user:ada@example.com", e.GetProperty("actor").GetString()));
        var oldest = entries[^1].GetProperty("changes");
        Assert.Equal(firstVersion, oldest.GetProperty("version").GetInt32());
        Assert.False(oldest.GetProperty("before").TryGetProperty("review", out _));
        Assert.Equal(0.7m, oldest.GetProperty("after").GetProperty("review").GetProperty("threshold").GetDecimal());
        var thresholds = entries.Select(e => e.GetProperty("changes"))
            .Where(c => c.GetProperty("after").TryGetProperty("review", out _))
            .Select(c => c.GetProperty("after").GetProperty("review").GetProperty("threshold").GetDecimal()).ToList();
        Assert.Equal([0.6m, 0.7m], thresholds);
        var webhook = entries.Select(e => e.GetProperty("changes")).Single(c => c.GetProperty("after").TryGetProperty("budgetWebhookUrl", out _));
        Assert.Equal("https://hooks.acme.example/b", webhook.GetProperty("after").GetProperty("budgetWebhookUrl").GetString());
        Assert.True(webhook.GetProperty("budgetWebhookSecretChanged").GetBoolean());
        Assert.DoesNotContain(SettingsApi.Secret, await audit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_etag_is_412_a_stale_body_version_409_and_neither_428_and_nothing_changes()
    {
        var (tenant, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin"));
        await (await admin.SendAsync(SettingsApi.Put(SettingsApi.Body(threshold: 0.5m), "\"1\""))).AssertOk();

        var stale = await (await admin.SendAsync(SettingsApi.Put(SettingsApi.Body(threshold: 0.1m), "\"1\""))).AssertProblem(HttpStatusCode.PreconditionFailed, ":precondition-failed");
        var staleBody = await (await admin.SendAsync(SettingsApi.Put(SettingsApi.Body(threshold: 0.1m, version: 1), null))).AssertProblem(HttpStatusCode.Conflict, ":version-conflict");
        await (await admin.SendAsync(SettingsApi.Put(SettingsApi.Body(threshold: 0.1m), null))).AssertProblem((HttpStatusCode)428, ":precondition-required");
        var stored = await (await admin.GetAsync("/v1/settings")).AssertOk();

        Assert.Equal(2, stale.GetProperty("currentVersion").GetInt32());
        Assert.Equal(2, staleBody.GetProperty("currentVersion").GetInt32());
        Assert.Equal(0.5m, stored.GetProperty("review").GetProperty("threshold").GetDecimal());
        Assert.Equal(2, stored.GetProperty("version").GetInt32());
    }

    public static TheoryData<string, string> BadSettings => new()
    {
        { """{"review":{"autoApprove":true,"threshold":1.5,"minLength":1,"maxLength":10}}""", "review.threshold" },
        { """{"review":{"autoApprove":true,"threshold":0.5,"minLength":100,"maxLength":10}}""", "review.maxLength" },
        { """{"review":{"threshold":0.5,"minLength":1,"maxLength":10}}""", "review.autoApprove" },
        { """{"bannedTerms":["ok"," "]}""", "bannedTerms[1]" },
        { """{"publicCache":{"maxAge":-1,"sMaxAge":300,"staleWhileRevalidate":0,"staleIfError":0}}""", "publicCache.maxAge" },
        { """{"publicCache":{"maxAge":60,"sMaxAge":604801,"staleWhileRevalidate":0,"staleIfError":0}}""", "publicCache.sMaxAge" },
        { """{"defaultLocale":"english"}""", "defaultLocale" },
        { """{"defaultLocale":"EN"}""", "defaultLocale" },
        { """{"corsOrigins":["https://ok.example","https://app.example/path"]}""", "corsOrigins[1]" },
        { """{"corsOrigins":["app.example"]}""", "corsOrigins[0]" },
        { """{"corsOrigins":["ftp://app.example"]}""", "corsOrigins[0]" },
        { """{"budgetWebhookUrl":"http://hooks.example/budget","budgetWebhookSecret":"whsec_0123456789abcdef"}""", "budgetWebhookUrl" },
        { """{"budgetWebhookUrl":"https://hooks.example/budget","budgetWebhookSecret":"short"}""", "budgetWebhookSecret" },
        { """{"budgetWebhookSecret":"whsec_0123456789abcdef"}""", "budgetWebhookSecret" },
        { """{"version":0}""", "version" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Bad_settings_are_a_validation_problem_naming_the_field_and_change_nothing(string overrides, string field)
    {
        var (tenant, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin"));
        var body = JsonSerializer.SerializeToNode(SettingsApi.Body())!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(overrides)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        var problem = await (await admin.SendAsync(SettingsApi.Put(body, "\"1\""))).AssertProblem(HttpStatusCode.BadRequest, ":validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(1, (await (await admin.GetAsync("/v1/settings")).AssertOk()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task The_webhook_secret_is_stored_sealed_for_its_tenant_never_in_clear_and_sending_it_again_changes_nothing()
    {
        var (tenant, _) = await api.TenantAsync();
        var (other, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin"));

        var set = await (await admin.SendAsync(SettingsApi.Put(SettingsApi.Body(webhook: "https://hooks.acme.example/a", secret: SettingsApi.Secret), "*"))).AssertOk();
        var stored = await StoredSecretAsync(tenant.Tenant.Id);
        var again = await (await admin.SendAsync(SettingsApi.Put(SettingsApi.Body(webhook: "https://hooks.acme.example/a", secret: SettingsApi.Secret), "*"))).AssertOk();

        Assert.StartsWith(SecretSealer.Prefix, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(SettingsApi.Secret, stored, StringComparison.Ordinal);
        Assert.Equal(SettingsApi.Secret, Opened(stored!, tenant.Tenant.Id));
        // Copied into another tenant's row, it does not open.
        Assert.Throws<SecretNotOpenedException>(() => Opened(stored!, other.Tenant.Id));
        Assert.Equal(set.GetProperty("version").GetInt32(), again.GetProperty("version").GetInt32());
        Assert.Equal(stored, await StoredSecretAsync(tenant.Tenant.Id));
    }

    [Fact]
    public async Task A_webhook_needs_a_secret_once_keeps_it_when_the_url_moves_and_null_removes_both()
    {
        var (tenant, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin"));

        var problem = await (await admin.SendAsync(SettingsApi.Put(SettingsApi.Body(webhook: "https://hooks.acme.example/a"), "*")))
            .AssertProblem(HttpStatusCode.BadRequest, ":validation");
        await (await admin.SendAsync(SettingsApi.Put(SettingsApi.Body(webhook: "https://hooks.acme.example/a", secret: SettingsApi.Secret), "*"))).AssertOk();
        var moved = await (await admin.SendAsync(SettingsApi.Put(SettingsApi.Body(webhook: "https://hooks.acme.example/b"), "*"))).AssertOk();
        var secretAfterMove = await StoredSecretAsync(tenant.Tenant.Id);
        var removed = await (await admin.SendAsync(SettingsApi.Put(SettingsApi.Body(), "*"))).AssertOk();

        Assert.True(problem.GetProperty("errors").TryGetProperty("budgetWebhookSecret", out _));
        Assert.Equal("https://hooks.acme.example/b", moved.GetProperty("budgetWebhookUrl").GetString());
        Assert.Equal(SettingsApi.Secret, Opened(secretAfterMove!, tenant.Tenant.Id));
        Assert.True(!removed.TryGetProperty("budgetWebhookUrl", out var url) || url.ValueKind == JsonValueKind.Null);
        Assert.False(removed.GetProperty("budgetWebhookSecretSet").GetBoolean());
        Assert.Null(await StoredSecretAsync(tenant.Tenant.Id));
    }

    [Fact]
    public async Task The_readers_and_the_operator_cli_work_on_the_same_data_and_other_keys_are_kept()
    {
        var (tenant, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin"));
        await using var operatorDb = NpgsqlDataSource.Create(api.Db.Database.Admin);
        await new TenantLifecycle(operatorDb).UpdateAsync(tenant.Tenant.Slug, null, null, """{"custom":{"keep":true}}""", "operator:test", default);

        var put = await (await admin.SendAsync(SettingsApi.Put(
            SettingsApi.Body(threshold: 0.65m, banned: ["miracle"], maxAge: 90, locale: "fr", origins: ["https://app.acme.example"]), "\"2\""))).AssertOk();
        var json = await SettingsJsonAsync(tenant.Tenant.Id);
        var cliOrigins = await new TenantCors(operatorDb).GetAsync(tenant.Tenant.Slug, default);
        await new TenantCors(operatorDb).SetAsync(tenant.Tenant.Slug, ["https://cli.acme.example"], "operator:test", default);
        var afterCli = await (await admin.GetAsync("/v1/settings")).AssertOk();
        var audit = await (await admin.GetAsync("/v1/audit?entityType=tenant_settings&limit=1")).AssertOk();

        var review = ReviewSettings.FromTenantSettings(json);
        var pub = PublicSettings.FromJson(json);
        Assert.Equal(0.65m, review.Threshold);
        Assert.Equal(["miracle"], review.BannedTerms);
        Assert.Equal((10, 5000), (review.MinLength, review.MaxLength));
        Assert.Equal((90, "fr"), (pub.MaxAge, pub.DefaultLocale));
        Assert.Equal(["https://app.acme.example"], cliOrigins);
        Assert.Contains("\"keep\": true", json, StringComparison.Ordinal);
        Assert.Equal(["https://cli.acme.example"], afterCli.GetProperty("corsOrigins").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(put.GetProperty("version").GetInt32() + 1, afterCli.GetProperty("version").GetInt32());
        Assert.Equal("operator:test", audit.GetProperty("items")[0].GetProperty("actor").GetString());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("reviewer")]
    [InlineData("editor")]
    public async Task Only_admins_may_read_or_change_them(string role)
    {
        var (tenant, _) = await api.TenantAsync();
        var person = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, role));

        await (await person.GetAsync("/v1/settings")).AssertProblem(HttpStatusCode.Forbidden);
        await (await person.SendAsync(SettingsApi.Put(SettingsApi.Body(), "*"))).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_tenant_changes_only_its_own_settings()
    {
        var (a, _) = await api.TenantAsync();
        var (b, _) = await api.TenantAsync();
        var adminOfA = api.Client().WithBearer(Tokens.Mint(a.Tenant.Id, "admin"));

        await (await adminOfA.SendAsync(SettingsApi.Put(SettingsApi.Body(threshold: 0.1m), "*"))).AssertOk();

        Assert.Equal(0.9m, ReviewSettings.FromTenantSettings(await SettingsJsonAsync(b.Tenant.Id)).Threshold);
    }

    private async Task<string> SettingsJsonAsync(Guid tenantId)
    {
        await using var admin = NpgsqlDataSource.Create(api.Db.Database.Admin);
        await using var select = admin.CreateCommand("SELECT settings::text FROM tenants WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        return (string)(await select.ExecuteScalarAsync())!;
    }

    private string Opened(string stored, Guid tenantId) =>
        api.Services.GetRequiredService<SecretSealer>().Open(stored, BudgetWebhooks.SecretPurpose, tenantId);

    private async Task<string?> StoredSecretAsync(Guid tenantId)
    {
        await using var admin = NpgsqlDataSource.Create(api.Db.Database.Admin);
        await using var select = admin.CreateCommand("SELECT budget_webhook_secret FROM llm_tenant_settings WHERE tenant_id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        return await select.ExecuteScalarAsync() as string;
    }
}
