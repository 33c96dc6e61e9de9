using System.Net;
using System.Net.Http.Json;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Platform.Idempotency;

/// <summary>
/// Idempotency-Key on POST against the real primary: a retry replays the first answer, a different
/// request under a used key is 422, keys expire after 24 h, and concurrent requests with one key
/// have one effect.
/// </summary>
public sealed class IdempotencyKeyTests(IdempotencyFixture api) : IClassFixture<IdempotencyFixture>
{
    [Fact]
    public async Task Create_RetriedWithTheSameKeyAndBody_ReplaysTheFirstAnswerAndStoresOneItem()
    {
        var (tenant, client) = await api.TenantAsync();
        var item = ContentApi.NewItem();
        var key = Guid.NewGuid().ToString();

        var first = await client.SendAsync(Post("/v1/content", item, key));
        var second = await client.SendAsync(Post("/v1/content", item, key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(1L, await api.Drafts.ScalarAsync<long>("SELECT count(*) FROM content_items WHERE tenant_id = $1", tenant.Tenant.Id));
    }

    [Fact]
    public async Task Create_SameKeyWithAnotherBody_Is422AndWritesNothing()
    {
        var (tenant, client) = await api.TenantAsync();
        var key = Guid.NewGuid().ToString();
        (await client.SendAsync(Post("/v1/content", ContentApi.NewItem(), key))).EnsureSuccessStatusCode();

        var reused = await client.SendAsync(Post("/v1/content", ContentApi.NewItem(), key));

        await reused.AssertProblem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(1L, await api.Drafts.ScalarAsync<long>("SELECT count(*) FROM content_items WHERE tenant_id = $1", tenant.Tenant.Id));
    }

    [Fact]
    public async Task Key_After24Hours_IsForgotten()
    {
        var (tenant, client) = await api.TenantAsync();
        var key = Guid.NewGuid().ToString();
        (await client.SendAsync(Post("/v1/content", ContentApi.NewItem(), key))).EnsureSuccessStatusCode();

        api.Clock.Advance(TimeSpan.FromHours(23));
        await (await client.SendAsync(Post("/v1/content", ContentApi.NewItem(), key))).AssertProblem(HttpStatusCode.UnprocessableEntity);
        api.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var later = await client.SendAsync(Post("/v1/content", ContentApi.NewItem(), key));

        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.False(later.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2L, await api.Drafts.ScalarAsync<long>("SELECT count(*) FROM content_items WHERE tenant_id = $1", tenant.Tenant.Id));
    }

    [Fact]
    public async Task Drafts_ConcurrentRequestsWithOneKey_EnqueueOneJob()
    {
        var (tenant, client) = await api.TenantAsync();
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id);
        var key = Guid.NewGuid().ToString();
        var body = new { instructions = "Keep it short." };

        using var start = new ManualResetEventSlim();
        var requests = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await client.SendAsync(Post($"/v1/content/{item.Id}/drafts", body, key));
        })).ToArray();
        start.Set();
        var responses = await Task.WhenAll(requests);

        var statuses = responses.Select(r => r.StatusCode).ToArray();
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict }));
        Assert.Contains(HttpStatusCode.Accepted, statuses);
        foreach (var busy in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await busy.AssertProblem(HttpStatusCode.Conflict, "idempotency-key-in-use");
            Assert.NotNull(busy.Headers.RetryAfter);
        }
        var jobIds = new HashSet<string>();
        foreach (var accepted in responses.Where(r => r.StatusCode == HttpStatusCode.Accepted))
        {
            jobIds.Add((await accepted.AssertOk(HttpStatusCode.Accepted)).GetProperty("jobId").GetString()!);
        }
        Assert.Single(jobIds);
        Assert.Equal(1L, await api.Drafts.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE tenant_id = $1", tenant.Tenant.Id));

        // Once the first has answered, every retry gets its answer.
        var retry = await client.SendAsync(Post($"/v1/content/{item.Id}/drafts", body, key));
        Assert.Equal(jobIds.Single(), (await retry.AssertOk(HttpStatusCode.Accepted)).GetProperty("jobId").GetString());
    }

    [Fact]
    public async Task Review_ApproveRetriedWithItsKey_ReplaysTheApprovalInsteadOfRefusingIt()
    {
        var (tenant, client) = await api.TenantAsync();
        var item = await api.Drafts.ContentAsync(tenant.Tenant.Id);
        var draft = await api.Drafts.DraftAsync(tenant.Tenant.Id, item.Id, confidence: 0.5m);
        (await client.PostAsync($"/v1/review/items/{draft}/claim", null)).EnsureSuccessStatusCode();
        var key = Guid.NewGuid().ToString();

        var first = await client.SendAsync(Post($"/v1/review/items/{draft}/approve", new { }, key));
        var retry = await client.SendAsync(Post($"/v1/review/items/{draft}/approve", new { }, key));
        var withoutKey = await client.SendAsync(Post($"/v1/review/items/{draft}/approve", new { }, null));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        await withoutKey.AssertProblem(HttpStatusCode.Conflict, "illegal-transition");
    }

    [Fact]
    public async Task Key_IsPerTenant()
    {
        var (_, a) = await api.TenantAsync();
        var (_, b) = await api.TenantAsync();
        var key = Guid.NewGuid().ToString();

        var fromA = await a.SendAsync(Post("/v1/content", ContentApi.NewItem(), key));
        var fromB = await b.SendAsync(Post("/v1/content", ContentApi.NewItem(), key));

        Assert.Equal(HttpStatusCode.Created, fromA.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fromB.StatusCode);
        Assert.False(fromB.Headers.Contains("Idempotent-Replayed"));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("\"unbalanced")]
    [InlineData("x\u00e9")]
    [InlineData(null)]
    public async Task Key_NotAVisibleAsciiToken_Is400(string? key)
    {
        key ??= new string('k', 256);
        var (_, client) = await api.TenantAsync();
        var request = Post("/v1/content", ContentApi.NewItem(), null);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await client.SendAsync(request);

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Key_AsAStructuredFieldString_IsTheSameKeyAsBare()
    {
        var (_, client) = await api.TenantAsync();
        var item = ContentApi.NewItem();
        var key = Guid.NewGuid().ToString();

        var bare = await client.SendAsync(Post("/v1/content", item, key));
        var quoted = await client.SendAsync(Post("/v1/content", item, $"\"{key}\""));

        Assert.Equal(HttpStatusCode.Created, bare.StatusCode);
        Assert.True(quoted.Headers.Contains("Idempotent-Replayed"));
    }

    private static HttpRequestMessage Post(string url, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }
        return request;
    }
}
