using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.Core.Tenants;

namespace Serverless.Worker.Fairness;

public static class FairnessExtensions
{
    /// <summary>
    /// Per-tenant caps on model-calling jobs, shared through Redis (<c>Redis:Configuration</c>, as the API's;
    /// on AWS it is assembled from <c>Redis:Host</c> and the AUTH secret by <c>AddCloudSettings</c>).
    /// Without a Redis configuration there is nothing to share a cap through, so none applies.
    /// </summary>
    public static IServiceCollection AddTenantFairness(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FairnessOptions>()
            .BindConfiguration(FairnessOptions.Section)
            .Validate(o => o.LeaseSeconds >= 3 && o.RequeueSeconds > 0 && o.TierCacheSeconds >= 0 && o.DefaultModelCalls >= 1
                && o.ModelCalls.Values.All(v => v >= 1), "Fairness: caps are at least 1, LeaseSeconds at least 3, RequeueSeconds above 0.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TenantExistence>();
        if (WorkerRedisExtensions.HasRedis(configuration))
        {
            services.AddWorkerRedis(configuration);
            services.AddSingleton<TenantSlots>();
            services.AddSingleton(sp => new TenantFairness(
                sp.GetRequiredService<TenantSlots>(), sp.GetRequiredService<TenantExistence>(),
                sp.GetRequiredService<IOptions<FairnessOptions>>(), sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddSingleton(sp => new TenantFairness(
                null, sp.GetRequiredService<TenantExistence>(), sp.GetRequiredService<IOptions<FairnessOptions>>(), sp.GetRequiredService<TimeProvider>()));
        }
        return services;
    }
}
