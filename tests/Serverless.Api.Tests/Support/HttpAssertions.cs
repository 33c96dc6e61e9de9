using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Serverless.Api.Tests.Support;

public static class HttpAssertions
{
    /// <summary>Asserts the status and that the body is Problem Details with a stable type; returns the body.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, HttpStatusCode status, string? typeEndsWith = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var type = problem.GetProperty("type").GetString()!;
        Assert.StartsWith("urn:serverless:problem:", type, StringComparison.Ordinal);
        if (typeEndsWith is not null)
        {
            Assert.EndsWith(typeEndsWith, type, StringComparison.Ordinal);
        }
        Assert.True(problem.TryGetProperty("requestId", out _), "Problem Details carry the request id");
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return problem;
    }

    public static async Task<JsonElement> AssertOk(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);
}
