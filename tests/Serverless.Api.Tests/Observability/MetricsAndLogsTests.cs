using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Observability;

public sealed class MetricsAndLogsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Metrics_ExposeRequestsByRouteAndStatus_AndDatabaseAndCacheCalls()
    {
        var (_, client) = await api.TenantAsync();
        await client.CreateAsync();
        await client.GetAsync($"/v1/content/{Guid.NewGuid()}");

        var text = await api.Client().GetStringAsync("/metrics");

        Assert.Contains("http_server_request_duration_seconds_count{", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/v1/content/{id:guid}\"", text, StringComparison.Ordinal);
        Assert.Contains("http_response_status_code=\"404\"", text, StringComparison.Ordinal);
        Assert.Contains("serverless_db_calls_total{", text, StringComparison.Ordinal);
        Assert.Contains("db_operation=\"content.create\"", text, StringComparison.Ordinal);
        Assert.Contains("serverless_cache_calls_total{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_CarryTenantAndRequestIds_AndNeverTheKey()
    {
        var (tenant, client) = await api.TenantAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/content");
        request.Headers.Add("x-request-id", "trace-me-123");

        var response = await client.SendAsync(request);

        Assert.Equal("trace-me-123", response.Headers.GetValues("x-request-id").Single());
        var access = Assert.Single(api.Logs.Entries, e =>
            e.Values.TryGetValue("RequestId", out var id) && (string?)id == "trace-me-123" && e.Category.EndsWith("RequestIdMiddleware", StringComparison.Ordinal));
        Assert.Equal(tenant.Tenant.Id.ToString(), access.Values["TenantId"]?.ToString());
        Assert.DoesNotContain(api.Logs.Entries, e => e.Message.Contains(tenant.ApiKey, StringComparison.Ordinal)
            || e.Values.Values.Any(v => v?.ToString()?.Contains(tenant.ApiKey, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheContentApi()
    {
        var document = await api.Client().GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/v1/content\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/v1/content/{id}\"", document, StringComparison.Ordinal);
        Assert.Contains("CreateContentRequest", document, StringComparison.Ordinal);
    }
}
