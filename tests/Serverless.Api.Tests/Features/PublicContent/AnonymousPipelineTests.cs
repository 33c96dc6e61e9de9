using System.Globalization;
using System.Net;
using Serverless.Api.Tests.Features.PublicContent.Support;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>
/// Anonymous requests skip authentication and authorization (issue 17: they cannot change an anonymous answer),
/// and a cached public hit still carries everything callers, browsers and the SLO alerts rely on.
/// </summary>
public sealed class AnonymousPipelineTests(PublicContentFixture api) : IClassFixture<PublicContentFixture>
{
    private const string PublicRoute = "/public/{tenantSlug}/{type}/{slug}";

    [Fact]
    public async Task ACachedHit_CarriesTheRequestIdRegionAndCors_AndIsCountedWhereTheSloAlertsLook()
    {
        var (tenant, writer) = await api.TenantAsync();
        var item = await writer.PublishAsync();
        await api.Db.Database.WaitForReplicaAsync();
        var reader = api.Api.Client();
        Assert.Equal("MISS", (await reader.GetAsync(PublicApi.Url(tenant, item))).Header("x-cache"));
        var counted = await Eventually(() => CountedAsync(reader), n => n >= 1);

        using var request = new HttpRequestMessage(HttpMethod.Get, PublicApi.Url(tenant, item));
        request.Headers.Add("x-request-id", "public-hit-1");
        request.Headers.Add("Origin", "https://a-page.example");
        var hit = await reader.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal("HIT", hit.Header("x-cache"));
        Assert.Equal("public-hit-1", hit.Header("x-request-id"));
        Assert.Equal("*", hit.Header("Access-Control-Allow-Origin"));
        Assert.False(string.IsNullOrEmpty(hit.Header("x-region")));
        // observability/rules/slo.rules.yml: http_server_request_duration_seconds_count{http_route=~"/public/.*"}.
        // At least one more: OpenTelemetry listens to meters by name, process-wide, so public reads of test
        // classes running alongside are counted here too.
        var after = await Eventually(() => CountedAsync(reader), n => n > counted);
        Assert.True(after > counted, $"the hit is counted under {PublicRoute} (was {counted}, now {after})");
    }

    [Fact]
    public async Task ACachedHit_IsWrittenAsTheMissWas_SameBytesTypeAndLength()
    {
        // The hit writes the cached bytes itself (PublicBody), no longer through TypedResults.Bytes: the same answer.
        var (tenant, writer) = await api.TenantAsync();
        var item = await writer.PublishAsync();
        await api.Db.Database.WaitForReplicaAsync();
        var reader = api.Api.Client();

        var miss = await reader.GetAsync(PublicApi.Url(tenant, item));
        var hit = await reader.GetAsync(PublicApi.Url(tenant, item));

        Assert.Equal("MISS", miss.Header("x-cache"));
        Assert.Equal("HIT", hit.Header("x-cache"));
        var missBody = await miss.Content.ReadAsByteArrayAsync();
        var hitBody = await hit.Content.ReadAsByteArrayAsync();
        Assert.Equal(missBody, hitBody);
        foreach (var response in new[] { miss, hit })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            Assert.Equal(hitBody.Length, response.Content.Headers.ContentLength);
        }
        Assert.Contains(item.Id().ToString(), System.Text.Encoding.UTF8.GetString(hitBody), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProtectedRoute_WithoutCredentials_IsStillChallenged()
    {
        var response = await api.Api.Client().GetAsync("/v1/content");

        await response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task APublicRead_WithAnInvalidKey_IsStillServed_AsBeforeAuthenticationWasSkippedForAnonymousRequests()
    {
        var (tenant, writer) = await api.TenantAsync();
        var item = await writer.PublishAsync();
        await api.Db.Database.WaitForReplicaAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, PublicApi.Url(tenant, item));
        request.Headers.Add("x-api-key", "not-a-key");
        var response = await api.Api.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>200 answers of the public route in the host's own Prometheus text, as the SLO rules count them.</summary>
    private static async Task<double> CountedAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
                && l.Contains($"http_route=\"{PublicRoute}\"", StringComparison.Ordinal)
                && l.Contains("http_response_status_code=\"200\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 2)..].Split(' ')[0], CultureInfo.InvariantCulture));
    }

    // Polls for an outcome (the exporter may serve a scrape cached for a moment); the limit only ends a test
    // that would otherwise never finish.
    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var limit = DateTime.UtcNow.AddSeconds(30);
        T value;
        do
        {
            value = await read();
            if (done(value))
            {
                return value;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < limit);
        return value;
    }
}
