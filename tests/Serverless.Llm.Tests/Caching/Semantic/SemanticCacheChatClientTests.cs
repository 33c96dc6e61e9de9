using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Llm.Caching;
using Serverless.Llm.Caching.Semantic;
using Serverless.Llm.Tests.Support;

namespace Serverless.Llm.Tests.Caching.Semantic;

/// <summary>The semantic cache end to end with the real MiniLM model and Redis; only the provider is fake.</summary>
[Collection(RedisCollection.Name)]
public sealed class SemanticCacheChatClientTests(RedisFixture redis, EmbeddingFixture embeddings)
{
    private (IChatClient Client, FakeChatClient Provider, ServiceProvider Services) Build(bool outlineIsSafe = true)
    {
        var provider = new FakeChatClient();
        // The exact cache is off so every second call below can only be served by meaning.
        var (client, sp) = Pipelines.Build(redis.Redis, provider, embeddings.Generator,
            semantic: o =>
            {
                if (outlineIsSafe)
                {
                    o.Tasks["outline"] = SemanticCacheOptions.DefaultThreshold;
                }
            },
            exact: o => o.Enabled = false);
        return (client, provider, sp);
    }

    private static Task<ChatResponse> Ask(IChatClient client, Guid tenant, string brief, string task = "outline") =>
        client.GetResponseAsync(
            [new(ChatRole.System, "You outline articles."), new(ChatRole.User, brief)],
            new ChatOptions { ModelId = "gpt-4o-mini" }.WithCallContext(new LlmCallContext(tenant, task, "outline-v1", "en-GB", brief)));

    [Fact]
    public async Task A_paraphrase_is_served_from_the_cache_without_calling_the_provider()
    {
        var (client, provider, sp) = Build();
        using var _ = sp;
        var tenant = Guid.CreateVersion7();

        var first = await Ask(client, tenant, "Write a guide to budgeting for students");
        var second = await Ask(client, tenant, "Write a budgeting guide for students");

        Assert.Equal(1, provider.Calls);
        Assert.Equal(first.Text, second.Text);
        var hit = CacheHit.From(second);
        Assert.NotNull(hit);
        Assert.Equal(CacheHit.Semantic, hit.Kind);
        Assert.True(hit.Similarity >= SemanticCacheOptions.DefaultThreshold);
        Assert.Equal(0L, second.Usage!.InputTokenCount);
    }

    [Theory]
    [InlineData("Explain why you should use microservices", "Explain why you should not use microservices")]
    [InlineData("List 5 tips for better sleep", "List 10 tips for better sleep")]
    [InlineData("Write a blog post about AWS Lambda pricing", "Write a blog post about Azure Functions pricing")]
    [InlineData("Write about the advantages of TypeScript", "Write about the disadvantages of TypeScript")]
    public async Task A_near_miss_is_not_served(string asked, string nearMiss)
    {
        var (client, provider, sp) = Build();
        using var _ = sp;
        var tenant = Guid.CreateVersion7();

        await Ask(client, tenant, asked);
        var second = await Ask(client, tenant, nearMiss);

        Assert.Equal(2, provider.Calls);
        Assert.Null(CacheHit.From(second));
    }

    [Fact]
    public async Task A_failing_embedding_model_is_a_miss_not_a_failed_call()
    {
        var provider = new FakeChatClient();
        var (client, sp) = Pipelines.Build(redis.Redis, provider, new BrokenEmbeddings(),
            semantic: o => o.Tasks["outline"] = SemanticCacheOptions.DefaultThreshold, exact: o => o.Enabled = false);
        using var _ = sp;

        var response = await Ask(client, Guid.CreateVersion7(), "Write a guide to budgeting for students");

        Assert.Equal(1, provider.Calls);
        Assert.StartsWith("answer 1", response.Text, StringComparison.Ordinal);
    }

    private sealed class BrokenEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the model could not be loaded");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Two_tenants_with_identical_prompts_never_share_an_answer()
    {
        var (client, provider, sp) = Build();
        using var _ = sp;

        await Ask(client, Guid.CreateVersion7(), "Write a guide to budgeting for students");
        var other = await Ask(client, Guid.CreateVersion7(), "Write a guide to budgeting for students");

        Assert.Equal(2, provider.Calls);
        Assert.Null(CacheHit.From(other));
    }

    [Fact]
    public async Task A_task_that_did_not_declare_semantic_sharing_safe_never_gets_a_semantic_hit()
    {
        var (client, provider, sp) = Build(outlineIsSafe: false);
        using var _ = sp;
        var tenant = Guid.CreateVersion7();

        await Ask(client, tenant, "Write a guide to budgeting for students");
        await Ask(client, tenant, "Write a guide to budgeting for students");

        Assert.Equal(2, provider.Calls);
    }

    [Fact]
    public async Task A_tenant_that_turned_semantic_caching_off_gets_no_hit_and_stores_nothing()
    {
        var (client, provider, sp) = Build();
        using var _ = sp;
        var tenant = Guid.CreateVersion7();
        var cache = sp.GetRequiredService<RedisSemanticCache>();
        await cache.SetEnabledForAsync(tenant, false);

        await Ask(client, tenant, "Write a guide to budgeting for students");
        await Ask(client, tenant, "Write a guide to budgeting for students");

        Assert.Equal(2, provider.Calls);
        Assert.Equal(0, await cache.CountAsync(new SemanticPartition(tenant, "outline", "outline-v1", "gpt-4o-mini", "en-GB")));
    }
}
