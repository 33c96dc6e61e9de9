using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Drafts;
using Serverless.Llm.Caching;
using Serverless.Llm.Caching.Exact;
using Serverless.Llm.Caching.Semantic;
using Serverless.Llm.Pricing;
using StackExchange.Redis;

namespace Serverless.Llm;

/// <summary>The one registration place of this project. The host provides an <see cref="IConnectionMultiplexer"/> and an <c>IMeterFactory</c> (any generic host has one).</summary>
public static class LlmCachingServiceCollectionExtensions
{
    public static IServiceCollection AddLlmCaching(
        this IServiceCollection services, Action<ExactCacheOptions>? exact = null, Action<SemanticCacheOptions>? semantic = null)
    {
        var exactOptions = new ExactCacheOptions();
        exact?.Invoke(exactOptions);
        var semanticOptions = new SemanticCacheOptions();
        semantic?.Invoke(semanticOptions);
        services.AddSingleton(exactOptions);
        services.AddSingleton(semanticOptions);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LlmCacheMetrics>();
        services.TryAddSingleton<RedisExactCache>();
        services.TryAddSingleton<RedisSemanticCache>();
        // Loaded on first use (seconds), in whichever host first embeds.
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>, MiniLmEmbeddingGenerator>();
        services.TryAddSingleton(_ => PriceTable.Default);
        services.TryAddSingleton<CostCalculator>();
        return services;
    }

    /// <summary>Exact cache outside, semantic inside: the cheap lookup first. Put the budget inside both (a hit spends nothing).</summary>
    public static ChatClientBuilder UseLlmCaches(this ChatClientBuilder builder) => builder
        .Use((inner, sp) => new ExactCacheChatClient(inner, sp.GetRequiredService<RedisExactCache>(), sp.GetRequiredService<ExactCacheOptions>(),
            sp.GetRequiredService<LlmCacheMetrics>(), sp.GetRequiredService<TimeProvider>(), Logger<ExactCacheChatClient>(sp), sp.GetService<OutputValidator>()))
        .Use((inner, sp) => new SemanticCacheChatClient(inner, sp.GetRequiredService<RedisSemanticCache>(),
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(), sp.GetRequiredService<SemanticCacheOptions>(),
            sp.GetRequiredService<LlmCacheMetrics>(), sp.GetRequiredService<TimeProvider>(), Logger<SemanticCacheChatClient>(sp), sp.GetService<OutputValidator>()));

    private static ILogger<T> Logger<T>(IServiceProvider sp) =>
        sp.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
