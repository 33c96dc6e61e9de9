using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Core.Configuration;
using Serverless.Core.Data;
using Serverless.Core.Telemetry;

namespace Serverless.Core.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// Background jobs, the same in every host: the jobs table (which is the outbox), the relay that moves
    /// committed jobs to the queue, the signal that wakes it, and its loop (which runs unless
    /// <c>Outbox:Enabled</c> is false). Where the jobs go is the host's choice of <see cref="IJobQueue"/>
    /// (<c>AddSqsJobs()</c> in the AWS adapter).
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(OutboxRelay)))
        {
            return services;
        }
        services.AddCoreData();
        services.AddClosedOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.Section)
            .Validate(o => o.BatchSize is >= 1 and <= 500 && o.IntervalMilliseconds >= 10 && o.LeaseSeconds >= 1, "Outbox settings are out of range.")
            .ValidateOnStart();
        services.TryAddSingleton<JobMetrics>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<OutboxRelay>();
        services.AddSingleton<OutboxSignal>();
        services.AddHostedService<OutboxRelayService>();
        return services;
    }

    /// <summary>Keeps the relay's loop out of this process (see <see cref="OutboxOptions.Enabled"/>).</summary>
    public static IServiceCollection DisableOutboxLoop(this IServiceCollection services) =>
        services.PostConfigure<OutboxOptions>(o => o.Enabled = false);
}
