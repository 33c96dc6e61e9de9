using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Serverless.Worker;

public static class WorkerRedisExtensions
{
    /// <summary>The key the API reads too (CloudSettings fills it from Redis:Host and the AUTH secret on AWS).</summary>
    public const string ConfigurationKey = "Redis:Configuration";

    public static bool HasRedis(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[ConfigurationKey]);

    /// <summary>
    /// One Redis connection for the worker (tenant fairness, the LLM caches), from <c>Redis:Configuration</c>. It connects in
    /// the background and never aborts: Redis being away must not stop the worker, only make every cache
    /// lookup a miss. Without the setting nothing is registered and the worker runs without caches.
    /// </summary>
    public static IServiceCollection AddWorkerRedis(this IServiceCollection services, IConfiguration configuration)
    {
        if (!HasRedis(configuration))
        {
            return services;
        }
        services.TryAddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(configuration[ConfigurationKey]!);
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 1000;
            options.SyncTimeout = 1000;
            options.AsyncTimeout = 1000;
            return ConnectionMultiplexer.Connect(options);
        });
        return services;
    }
}
