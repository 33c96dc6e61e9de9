using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.Core.Configuration;
using Serverless.Core.Telemetry;

namespace Serverless.Core.Data;

public static class CoreDataExtensions
{
    /// <summary>
    /// PostgreSQL for every host: the <c>Database</c> settings (the primary is required), the primary and
    /// replica data sources, the clock the stores use, and the platform's metrics (from the host's
    /// <c>IMeterFactory</c>). Calling it twice registers nothing twice.
    /// </summary>
    public static IServiceCollection AddCoreData(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(Databases)))
        {
            return services;
        }
        services.AddClosedOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Primary), "Database:Primary is required.")
            .Validate(o => o.ReplicaFallbackConcurrency is >= 1 and <= 1000 && o.ReplicaBreakSeconds is >= 1 and <= 300,
                "Database: ReplicaFallbackConcurrency 1 to 1000, ReplicaBreakSeconds 1 to 300.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CoreMetrics>();
        services.AddSingleton(sp => Databases.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, sp.GetRequiredService<CoreMetrics>()));
        return services;
    }
}
