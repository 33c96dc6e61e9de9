using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Llm.Caching.Exact;
using Serverless.Llm.Caching.Semantic;
using StackExchange.Redis;

namespace Serverless.Llm.Tests.Support;

/// <summary>Builds the caches over a fake provider the way a host would: through DI and <see cref="LlmCachingServiceCollectionExtensions.UseLlmCaches"/>.</summary>
public static class Pipelines
{
    public static (IChatClient Client, ServiceProvider Services) Build(
        IConnectionMultiplexer redis, IChatClient provider, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null,
        Action<SemanticCacheOptions>? semantic = null, Action<ExactCacheOptions>? exact = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(redis);
        services.AddMetrics();
        services.AddLlmCaching(exact, semantic);
        if (embeddings is not null)
        {
            services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embeddings);
        }
        var sp = services.BuildServiceProvider();
        return (new ChatClientBuilder(provider).UseLlmCaches().Build(sp), sp);
    }
}
