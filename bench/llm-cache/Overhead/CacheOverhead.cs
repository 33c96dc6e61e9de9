using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Llm;
using Serverless.Llm.Caching;
using Serverless.Llm.Caching.Exact;
using Serverless.Llm.Caching.Semantic;
using StackExchange.Redis;

// In process: no generated child project to build on a busy 2-core machine; 3 warm-up and 10 measured iterations.
[MemoryDiagnoser]
[InProcess]
[WarmupCount(3)]
[IterationCount(10)]
public class CacheOverhead
{
    private const string Brief = "Write a guide to budgeting for students";
    private const string Paraphrase = "Write a budgeting guide for students";
    private const string Unrelated = "Explain how a heat pump works";

    private readonly ChatMessage _system = new(ChatRole.System, string.Concat(Enumerable.Repeat("You write first drafts for a content team. Follow the house style. ", 30)));
    private ConnectionMultiplexer _redis = null!;
    private ServiceProvider _services = null!;
    private IChatClient _exactOnly = null!;
    private IChatClient _semanticOnly = null!;
    private IChatClient _both = null!;
    private Guid _tenant;
    private long _counter;
    private float[][] _partitionVectors = null!;
    private float[] _query = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(Environment.GetEnvironmentVariable("Redis__Configuration") ?? "127.0.0.1:16379");
        _tenant = Guid.CreateVersion7();

        // Real vectors for every text and word the benchmark embeds, computed once.
        var fillers = Enumerable.Range(0, 255).Select(i => $"Write an article about topic number {i} for our readers").ToArray();
        var texts = new[] { Brief, Paraphrase, Unrelated }.Concat(fillers).ToArray();
        var words = texts.SelectMany(t => TextFeatures.Extract(t).Tokens).Distinct().ToArray();
        using var model = new MiniLmEmbeddingGenerator();
        var all = texts.Concat(words).Distinct().ToArray();
        var vectors = (await model.GenerateAsync(all)).Select(e => e.Vector.ToArray()).ToArray();
        var lookup = all.Zip(vectors).ToDictionary(x => x.First, x => x.Second);

        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(_redis);
        services.AddMetrics();
        services.AddLlmCaching(semantic: o => o.Tasks["outline"] = SemanticCacheOptions.DefaultThreshold);
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new PrecomputedEmbeddings(lookup, lookup[Unrelated]));
        _services = services.BuildServiceProvider();

        var provider = new InstantProvider();
        _both = new ChatClientBuilder(provider).UseLlmCaches().Build(_services);
        _exactOnly = new ExactCacheChatClient(provider, _services.GetRequiredService<RedisExactCache>(), new ExactCacheOptions(),
            _services.GetRequiredService<LlmCacheMetrics>(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ExactCacheChatClient>.Instance);
        _semanticOnly = new SemanticCacheChatClient(provider, _services.GetRequiredService<RedisSemanticCache>(), _services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            _services.GetRequiredService<SemanticCacheOptions>(), _services.GetRequiredService<LlmCacheMetrics>(), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SemanticCacheChatClient>.Instance);

        // A full partition (256 entries) with the brief among them, and an exact entry for the brief.
        var cache = _services.GetRequiredService<RedisSemanticCache>();
        var partition = new SemanticPartition(_tenant, "outline", "outline-v1", "gpt-4o-mini", "en-GB");
        foreach (var filler in fillers)
        {
            await cache.AddAsync(partition, lookup[filler], filler, new CachedCompletion(new string('y', 4000), "gpt-4o-mini", "stop", 1200, 900, DateTimeOffset.UtcNow));
        }
        await _both.GetResponseAsync(Messages(Brief), Options(Brief));
        if (CacheHit.From(await SemanticHit())?.Kind != CacheHit.Semantic || CacheHit.From(await ExactHit())?.Kind != CacheHit.Exact)
        {
            throw new InvalidOperationException("the hit benchmarks would not measure hits");
        }

        _partitionVectors = fillers.Select(f => lookup[f]).ToArray();
        _query = lookup[Paraphrase];
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _services.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private ChatMessage[] Messages(string brief) => [_system, new(ChatRole.User, brief)];

    private ChatOptions Options(string brief, string task = "outline") =>
        new ChatOptions { ModelId = "gpt-4o-mini", Temperature = 0.2f, MaxOutputTokens = 1200 }
            .WithCallContext(new LlmCallContext(_tenant, task, "outline-v1", "en-GB", brief));

    [Benchmark(Baseline = true, Description = "reference: one Redis round trip (PING)")]
    public Task<TimeSpan> RedisRoundTrip() => _redis.GetDatabase().PingAsync();

    [Benchmark(Description = "exact key (hash of a 2 KB prompt)")]
    public string ExactKey() => ExactCacheKey.Compute(new LlmCallContext(_tenant, "outline", "outline-v1"), "gpt-4o-mini", Messages(Brief), Options(Brief));

    [Benchmark(Description = "exact hit (key + Redis GET), no provider call")]
    public Task<ChatResponse> ExactHit() => _exactOnly.GetResponseAsync(Messages(Brief), Options(Brief));

    [Benchmark(Description = "exact miss (key + GET + SET) around the provider")]
    public Task<ChatResponse> ExactMiss() =>
        _exactOnly.GetResponseAsync(Messages(Brief + " " + Interlocked.Increment(ref _counter)), Options(Brief, task: "draft"));

    [Benchmark(Description = "guards on one candidate (features of both + compare)")]
    public string? Guards() => SemanticGuards.FirstDisagreement(TextFeatures.Extract(Paraphrase), TextFeatures.Extract(Brief));

    [Benchmark(Description = "cosine over a 256-entry partition (in memory)")]
    public float Cosine256()
    {
        var best = 0f;
        foreach (var vector in _partitionVectors)
        {
            best = MathF.Max(best, CosineSimilarity.Of(_query, vector));
        }
        return best;
    }

    [Benchmark(Description = "semantic hit, 256-entry partition (both caches, embedding excluded)")]
    public Task<ChatResponse> SemanticHit() => _both.GetResponseAsync(Messages(Paraphrase), Options(Paraphrase));

    // Each brief differs by a number, so the nearest entries (similarity ~1) are refused by the numbers guard:
    // lookup, three candidates judged, provider call, store. Unknown texts get the unrelated brief's vector.
    [Benchmark(Description = "semantic miss: 3 candidates refused by a guard, provider call, store")]
    public Task<ChatResponse> SemanticMiss()
    {
        var brief = $"{Unrelated} in {Interlocked.Increment(ref _counter)} steps";
        return _semanticOnly.GetResponseAsync(Messages(brief), Options(brief));
    }
}
