using System.Net;
using System.Text.Json;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.Review;

/// <summary>Shorthands for the review calls the tests make.</summary>
public static class ReviewApi
{
    public static Task<HttpResponseMessage> Act(this HttpClient client, Guid draftId, string action, object? body = null) =>
        client.PostJson($"/v1/review/items/{draftId}/{action}", body ?? new { });

    public static async Task<JsonElement> Claim(this HttpClient client, Guid draftId) =>
        await (await client.Act(draftId, "claim")).AssertOk();

    public static async Task<JsonElement> Item(this HttpClient client, Guid draftId) =>
        await (await client.GetAsync($"/v1/review/items/{draftId}")).AssertOk();

    public static async Task<List<Guid>> Queue(this HttpClient client, string status = "in_review")
    {
        var list = await (await client.GetAsync($"/v1/review/items?status={status}")).AssertOk();
        return list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("draftId").GetGuid()).ToList();
    }

    /// <summary>True when the property is missing or null (both mean "none" to a client).</summary>
    public static bool Lacks(this JsonElement item, string name) =>
        !item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    public static string Status(this JsonElement item) => item.GetProperty("status").GetString()!;

    public static Task<JsonElement> AssertConflict(this HttpResponseMessage response, string type) =>
        response.AssertProblem(HttpStatusCode.Conflict, type);
}
