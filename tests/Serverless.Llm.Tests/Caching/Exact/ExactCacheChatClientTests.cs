using Microsoft.Extensions.AI;
using Serverless.Llm.Caching;
using Serverless.Llm.Tests.Support;

namespace Serverless.Llm.Tests.Caching.Exact;

[Collection(RedisCollection.Name)]
public sealed class ExactCacheChatClientTests(RedisFixture redis)
{
    private static ChatOptions Options(Guid tenant, string promptVersion = "draft-v1", string model = "gpt-4o-mini") =>
        new ChatOptions { ModelId = model, Temperature = 0.2f }.WithCallContext(new LlmCallContext(tenant, "draft", promptVersion));

    private static ChatMessage[] Ask(string text) => [new(ChatRole.System, "You write drafts."), new(ChatRole.User, text)];

    [Fact]
    public async Task A_repeated_request_is_served_from_the_cache_without_calling_the_provider()
    {
        var provider = new FakeChatClient();
        var (client, sp) = Pipelines.Build(redis.Redis, provider);
        using var _ = sp;
        var tenant = Guid.CreateVersion7();

        var first = await client.GetResponseAsync(Ask("Write about Lambda pricing"), Options(tenant));
        var second = await client.GetResponseAsync(Ask("Write about Lambda pricing"), Options(tenant));

        Assert.Equal(1, provider.Calls);
        Assert.Equal(first.Text, second.Text);
        Assert.Null(CacheHit.From(first));
        var hit = CacheHit.From(second);
        Assert.NotNull(hit);
        Assert.Equal(CacheHit.Exact, hit.Kind);
        Assert.Equal((1200, 800), (hit.SavedInputTokens, hit.SavedOutputTokens));
        // The saved tokens are not replayed as spend.
        Assert.Equal((0L, 0L), (second.Usage!.InputTokenCount!.Value, second.Usage.OutputTokenCount!.Value));
    }

    [Fact]
    public async Task Two_tenants_with_identical_requests_never_share_an_entry()
    {
        var provider = new FakeChatClient();
        var (client, sp) = Pipelines.Build(redis.Redis, provider);
        using var _ = sp;

        var a = await client.GetResponseAsync(Ask("Write about Lambda pricing"), Options(Guid.CreateVersion7()));
        var b = await client.GetResponseAsync(Ask("Write about Lambda pricing"), Options(Guid.CreateVersion7()));

        Assert.Equal(2, provider.Calls);
        Assert.Null(CacheHit.From(b));
        Assert.NotEqual(a.Text, b.Text);
    }

    [Fact]
    public async Task Entries_never_cross_prompt_versions_or_models()
    {
        var provider = new FakeChatClient();
        var (client, sp) = Pipelines.Build(redis.Redis, provider);
        using var _ = sp;
        var tenant = Guid.CreateVersion7();

        await client.GetResponseAsync(Ask("Write about Lambda pricing"), Options(tenant));
        var otherVersion = await client.GetResponseAsync(Ask("Write about Lambda pricing"), Options(tenant, promptVersion: "draft-v2"));
        var otherModel = await client.GetResponseAsync(Ask("Write about Lambda pricing"), Options(tenant, model: "gpt-4o"));

        Assert.Equal(3, provider.Calls);
        Assert.Null(CacheHit.From(otherVersion));
        Assert.Null(CacheHit.From(otherModel));
    }

    [Fact]
    public async Task A_truncated_answer_is_not_kept()
    {
        var provider = new FakeChatClient { FinishReason = ChatFinishReason.Length };
        var (client, sp) = Pipelines.Build(redis.Redis, provider);
        using var _ = sp;
        var tenant = Guid.CreateVersion7();

        await client.GetResponseAsync(Ask("Write about Lambda pricing"), Options(tenant));
        await client.GetResponseAsync(Ask("Write about Lambda pricing"), Options(tenant));

        Assert.Equal(2, provider.Calls);
    }

    [Fact]
    public async Task A_call_without_a_call_context_is_never_cached()
    {
        var provider = new FakeChatClient();
        var (client, sp) = Pipelines.Build(redis.Redis, provider);
        using var _ = sp;

        await client.GetResponseAsync(Ask("Write about Lambda pricing"), new ChatOptions { ModelId = "gpt-4o-mini" });
        await client.GetResponseAsync(Ask("Write about Lambda pricing"), new ChatOptions { ModelId = "gpt-4o-mini" });

        Assert.Equal(2, provider.Calls);
    }
}
