using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Tenants;

/// <summary>Review rules a tenant admin sets through <c>PUT /v1/settings</c> decide the very next draft the worker stores.</summary>
public sealed class ReviewSettingsTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task Review_rules_set_through_the_settings_api_apply_to_the_next_draft()
    {
        fx.Model.Answers(); // confidence 0.9, title "A drafted title"
        var (client, first, _) = await fx.TenantWithItemAsync();
        await using var worker = await fx.StartWorkerAsync();

        var byDefault = await DraftStatusAsync(client, first);
        await SetReviewAsync(client, autoApprove: true, banned: []);
        var autoApproved = await DraftStatusAsync(client, await ItemAsync(client));
        await SetReviewAsync(client, autoApprove: true, banned: ["drafted"]);
        var banned = await DraftStatusAsync(client, await ItemAsync(client));

        Assert.Equal("in_review", byDefault);
        Assert.Equal("approved", autoApproved);
        Assert.Equal("in_review", banned);
    }

    private static async Task<string> DraftStatusAsync(HttpClient client, Guid item)
    {
        await PipelineFixture.JobReachesAsync(client, await PipelineFixture.RequestDraftAsync(client, item), "succeeded");
        var draft = Assert.Single(await PipelineFixture.DraftsAsync(client, item)).GetProperty("id").GetGuid();
        var review = await client.GetAsync($"/v1/review/items/{draft}");
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        return (await review.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    private static async Task SetReviewAsync(HttpClient client, bool autoApprove, string[] banned)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/v1/settings")
        {
            Content = JsonContent.Create(new
            {
                review = new { autoApprove, threshold = 0.5m, minLength = 10, maxLength = 5000 },
                bannedTerms = banned,
                publicCache = new { maxAge = 60, sMaxAge = 300, staleWhileRevalidate = 60, staleIfError = 86400 },
                defaultLocale = "en",
                corsOrigins = Array.Empty<string>(),
            }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    private static async Task<Guid> ItemAsync(HttpClient client)
    {
        var created = await client.PostAsJsonAsync("/v1/content", new
        {
            type = "article", slug = $"item-{Guid.NewGuid():N}"[..17], locale = "en", status = "draft",
            title = "Serverless on a budget", body = "Notes: cold starts, AOT, SQS.", attributes = new { },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
