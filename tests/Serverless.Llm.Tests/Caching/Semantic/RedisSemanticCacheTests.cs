using Serverless.Llm.Caching;
using Serverless.Llm.Caching.Semantic;
using Serverless.Llm.Tests.Support;

namespace Serverless.Llm.Tests.Caching.Semantic;

[Collection(RedisCollection.Name)]
public sealed class RedisSemanticCacheTests(RedisFixture redis)
{
    private RedisSemanticCache Cache(int maxEntries = 16) =>
        new(redis.Redis, new SemanticCacheOptions { MaxEntriesPerPartition = maxEntries });

    private static float[] Basis(int axis)
    {
        var vector = new float[8];
        vector[axis] = 1f;
        return vector;
    }

    private static async Task<IReadOnlyList<SemanticCandidate>> Find(RedisSemanticCache cache, SemanticPartition partition, float[] vector, float threshold) =>
        await cache.FindAsync(partition, vector, threshold) ?? throw new InvalidOperationException("semantic caching is off");

    private static CachedCompletion Answer(string text) => new(text, "gpt-4o-mini", "stop", 100, 50, DateTimeOffset.UnixEpoch);

    private static SemanticPartition Partition(Guid tenant, string promptVersion = "v1", string model = "gpt-4o-mini", string locale = "en-GB") =>
        new(tenant, "outline", promptVersion, model, locale);

    [Fact]
    public async Task An_entry_is_found_in_its_own_partition()
    {
        var cache = Cache();
        var partition = Partition(Guid.CreateVersion7());
        await cache.AddAsync(partition, Basis(0), "write about lambda pricing", Answer("the answer"));

        var found = Assert.Single(await Find(cache, partition, Basis(0), 0.9f));

        Assert.Equal("the answer", found.Entry.Completion.Text);
        Assert.Equal("write about lambda pricing", found.Entry.Text);
        Assert.Equal(1f, found.Similarity, 0.0001f);
    }

    [Fact]
    public async Task Two_tenants_with_identical_prompts_never_share_an_entry()
    {
        var cache = Cache();
        var first = Partition(Guid.CreateVersion7());
        var second = Partition(Guid.CreateVersion7());
        await cache.AddAsync(first, Basis(0), "write about lambda pricing", Answer("first tenant's answer"));

        Assert.Empty(await Find(cache, second, Basis(0), 0f));
        Assert.Single(await Find(cache, first, Basis(0), 0f));
    }

    [Fact]
    public async Task Entries_never_cross_prompt_versions_models_or_locales()
    {
        var cache = Cache();
        var tenant = Guid.CreateVersion7();
        await cache.AddAsync(Partition(tenant), Basis(0), "write about lambda pricing", Answer("v1 answer"));

        Assert.Empty(await Find(cache, Partition(tenant, promptVersion: "v2"), Basis(0), 0f));
        Assert.Empty(await Find(cache, Partition(tenant, model: "gpt-4o"), Basis(0), 0f));
        Assert.Empty(await Find(cache, Partition(tenant, locale: "de-DE"), Basis(0), 0f));
    }

    [Fact]
    public async Task Only_entries_at_or_above_the_threshold_come_back_most_similar_first()
    {
        var cache = Cache();
        var partition = Partition(Guid.CreateVersion7());
        await cache.AddAsync(partition, Basis(0), "zero", Answer("zero"));
        await cache.AddAsync(partition, new float[] { 0.8f, 0.6f, 0, 0, 0, 0, 0, 0 }, "mostly zero", Answer("mostly zero"));
        await cache.AddAsync(partition, Basis(1), "one", Answer("one"));

        var found = await Find(cache, partition, Basis(0), 0.7f);

        Assert.Equal(["zero", "mostly zero"], found.Select(c => c.Entry.Text));
    }

    [Fact]
    public async Task A_partition_keeps_only_its_newest_entries()
    {
        var cache = Cache(maxEntries: 3);
        var partition = Partition(Guid.CreateVersion7());
        for (var axis = 0; axis < 5; axis++)
        {
            await cache.AddAsync(partition, Basis(axis), $"entry {axis}", Answer($"answer {axis}"));
        }

        Assert.Equal(3, await cache.CountAsync(partition));
        Assert.Empty(await Find(cache, partition, Basis(0), 0.9f));
        Assert.Empty(await Find(cache, partition, Basis(1), 0.9f));
        Assert.Single(await Find(cache, partition, Basis(4), 0.9f));
    }

    [Fact]
    public async Task An_entry_added_after_a_lookup_is_found_by_the_next_one()
    {
        var cache = Cache();
        var writer = Cache(); // another worker
        var partition = Partition(Guid.CreateVersion7());
        await cache.AddAsync(partition, Basis(0), "zero", Answer("zero"));
        Assert.Empty(await Find(cache, partition, Basis(1), 0.9f));

        await writer.AddAsync(partition, Basis(1), "one", Answer("one"));

        Assert.Equal("one", Assert.Single(await Find(cache, partition, Basis(1), 0.9f)).Entry.Text);
    }

    [Fact]
    public async Task A_tenant_can_turn_semantic_caching_off_and_on_without_affecting_another()
    {
        var cache = Cache();
        var tenant = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();

        await cache.AddAsync(Partition(tenant), Basis(0), "zero", Answer("zero"));
        await cache.AddAsync(Partition(other), Basis(0), "zero", Answer("zero"));

        Assert.True(await cache.IsEnabledForAsync(tenant));
        await cache.SetEnabledForAsync(tenant, false);
        Assert.False(await cache.IsEnabledForAsync(tenant));
        Assert.Null(await cache.FindAsync(Partition(tenant), Basis(0), 0.9f));
        Assert.True(await cache.IsEnabledForAsync(other));
        Assert.Single(await Find(cache, Partition(other), Basis(0), 0.9f));

        await cache.SetEnabledForAsync(tenant, true);
        Assert.True(await cache.IsEnabledForAsync(tenant));
        Assert.Single(await Find(cache, Partition(tenant), Basis(0), 0.9f));
    }
}
