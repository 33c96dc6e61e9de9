using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Serverless.Api.Tests.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent.Support;

/// <summary>Shorthands for the public path's tests.</summary>
public static class PublicApi
{
    public static string Url(SeededTenant tenant, JsonElement item, string? locale = null) =>
        $"/public/{tenant.Tenant.Slug}/{item.GetProperty("type").GetString()}/{item.GetProperty("slug").GetString()}"
        + (locale is null ? "" : $"?locale={locale}");

    public static async Task<JsonElement> PublishAsync(this HttpClient client, string? title = null, string locale = "en", string? slug = null)
    {
        var response = await client.PostAsJsonAsync("/v1/content", ContentApi.NewItem(slug: slug, locale: locale, status: "published", title: title ?? "Published title"));
        return await response.AssertOk(HttpStatusCode.Created);
    }

    /// <summary>Replaces the item's editable fields (If-Match: *), returning the response for its headers.</summary>
    public static async Task<HttpResponseMessage> ChangeAsync(this HttpClient client, JsonElement item, string status, string title)
    {
        var response = await client.SendAsync(ContentApi.Put(item.Id(), new { status, title, body = "Changed body." }, ifMatch: "*"));
        await response.AssertOk();
        return response;
    }

    public static async Task<string> TitleAsync(this HttpResponseMessage response)
    {
        var body = await response.AssertOk();
        return body.GetProperty("title").GetString()!;
    }

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    public static async Task SetTenantSettingsAsync(this DatabaseFixture db, Guid tenantId, string json)
    {
        await using var admin = NpgsqlDataSource.Create(db.Database.Admin);
        await using var update = admin.CreateCommand("UPDATE tenants SET settings = $1::jsonb WHERE id = $2");
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = json });
        update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        await update.ExecuteNonQueryAsync();
        await db.Database.WaitForReplicaAsync();
    }

    /// <summary>Puts an item in a status the public API cannot set (the review workflow's), as an operator.</summary>
    public static async Task SetStatusAsync(this DatabaseFixture db, string itemId, string status)
    {
        await using var admin = NpgsqlDataSource.Create(db.Database.Admin);
        await using var update = admin.CreateCommand("UPDATE content_items SET status = $1, version = version + 1 WHERE id = $2::uuid");
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = itemId });
        await update.ExecuteNonQueryAsync();
        await db.Database.WaitForReplicaAsync();
    }
}
