using System.Net;
using System.Text.Json;

namespace Serverless.Api.Tests.Support;

/// <summary>Shorthands for the calls most tests make.</summary>
public static class ContentApi
{
    public static object NewItem(string? slug = null, string type = "article", string locale = "en", string status = "draft", string title = "A title") =>
        new { type, slug = slug ?? $"item-{Guid.NewGuid():N}"[..17], locale, status, title, body = "Some body text.", attributes = new { tags = new[] { "x" } } };

    public static async Task<JsonElement> CreateAsync(this HttpClient client, object? item = null)
    {
        var response = await client.PostJson("/v1/content", item ?? NewItem());
        return await response.AssertOk(HttpStatusCode.Created);
    }

    public static string Id(this JsonElement item) => item.GetProperty("id").GetString()!;

    public static int Version(this JsonElement item) => item.GetProperty("version").GetInt32();

    public static HttpRequestMessage Put(string id, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/content/{id}") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }
}
