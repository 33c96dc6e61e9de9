using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Metrics;

public static class EmfServiceCollectionExtensions
{
    /// <summary>Exports metrics as CloudWatch EMF on stdout at the end of every invocation.</summary>
    public static IServiceCollection AddEmfMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(EmfOptions.Section);
        var options = new EmfOptions();
        options.Namespace = section["Namespace"] ?? options.Namespace;
        options.Service = section["Service"] ?? options.Service;
        AddAll(options.Meters, section.GetSection("Meters"));
        AddAll(options.Dimensions, section.GetSection("Dimensions"));
        options.Validate();

        services.TryAddSingleton<IEmfSink, StdoutEmfSink>();
        services.AddSingleton(sp => new EmfMetricsListener(options, sp.GetRequiredService<IEmfSink>()));
        services.AddSingleton<IInvocationListener>(sp => sp.GetRequiredService<EmfMetricsListener>());
        return services;
    }

    private static void AddAll(IList<string> target, IConfigurationSection section)
    {
        foreach (var child in section.GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(child.Value) && !target.Contains(child.Value))
            {
                target.Add(child.Value);
            }
        }
    }
}
