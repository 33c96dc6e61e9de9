using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Serverless.Core.Configuration;

public static class ClosedOptionsExtensions
{
    /// <summary>
    /// <c>AddOptions&lt;TOptions&gt;()</c>, plus closed registrations of the options services for this one type
    /// (<see cref="IOptions{TOptions}"/>, <see cref="IOptionsSnapshot{TOptions}"/>, <see cref="IOptionsMonitor{TOptions}"/>,
    /// <see cref="IOptionsFactory{TOptions}"/>, <see cref="IOptionsMonitorCache{TOptions}"/>) built by factories.
    /// The open generic registrations make the container close <c>OptionsMonitor&lt;&gt;</c> and friends over
    /// <typeparamref name="TOptions"/> with <c>MakeGenericType</c> and call their constructors by reflection;
    /// in a Native AOT image every such type is built at run time by the type loader, which was the largest
    /// single cost of the API's cold start (docs/lambda.md). Here the compiler sees the closed types and
    /// compiles them. The services behave as the framework's own (same types, lifetimes and caching);
    /// configuration, validation and <c>ValidateOnStart</c> work unchanged on the returned builder.
    /// </summary>
    public static OptionsBuilder<TOptions> AddClosedOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IServiceCollection services)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<TOptions>();
        // TryAdd, as AddOptions does: a closed registration made before (a test's own IOptions<T>, say) stays,
        // and one made after wins, as either would over the open generic ones.
        services.TryAddSingleton<IOptionsMonitorCache<TOptions>>(_ => new OptionsCache<TOptions>());
        services.TryAddTransient<IOptionsFactory<TOptions>>(sp => new OptionsFactory<TOptions>(
            sp.GetServices<IConfigureOptions<TOptions>>(),
            sp.GetServices<IPostConfigureOptions<TOptions>>(),
            sp.GetServices<IValidateOptions<TOptions>>()));
        // The framework's IOptions<T> is an internal type with OptionsManager's semantics for the default
        // name: created on first use, once.
        services.TryAddSingleton<IOptions<TOptions>>(sp => new OptionsManager<TOptions>(sp.GetRequiredService<IOptionsFactory<TOptions>>()));
        services.TryAddScoped<IOptionsSnapshot<TOptions>>(sp => new OptionsManager<TOptions>(sp.GetRequiredService<IOptionsFactory<TOptions>>()));
        services.TryAddSingleton<IOptionsMonitor<TOptions>>(sp => new OptionsMonitor<TOptions>(
            sp.GetRequiredService<IOptionsFactory<TOptions>>(),
            sp.GetServices<IOptionsChangeTokenSource<TOptions>>(),
            sp.GetRequiredService<IOptionsMonitorCache<TOptions>>()));
        return builder;
    }
}
