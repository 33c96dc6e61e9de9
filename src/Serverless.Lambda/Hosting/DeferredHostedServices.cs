using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Hosting;

public static class DeferredHostedServiceExtensions
{
    /// <summary>
    /// A hosted service that does background work nobody's first request waits for (a metric sampler, a relay,
    /// a subscription): on Lambda it is built and started once the first invocation has been answered, so a
    /// cold start neither constructs it (its dependencies, connections) nor shares the CPU with it before the
    /// caller has the answer. Anywhere else (Kestrel) it is an ordinary hosted service, started with the host.
    /// It is stopped with the host either way. Options it needs are still validated at start-up
    /// (<c>ValidateOnStart</c>): a wrong setting stays an init error, never a failure after the first request.
    /// Call after <see cref="LambdaHostingExtensions.UseLambdaWhenPresent{TBuilder}"/>.
    /// </summary>
    public static IServiceCollection AddHostedServiceAfterFirstInvocation<TService>(
        this IServiceCollection services, Func<IServiceProvider, TService> factory)
        where TService : class, IHostedService
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!services.Any(d => d.ServiceType == typeof(LambdaStartupState)))
        {
            services.AddHostedService(factory);
            return services;
        }

        if (!services.Any(d => d.ServiceType == typeof(DeferredHostedServices)))
        {
            services.AddSingleton<DeferredHostedServices>();
            services.AddHostedService(sp => sp.GetRequiredService<DeferredHostedServices>());
        }

        services.AddSingleton(new DeferredHostedService(typeof(TService).Name, factory));
        return services;
    }

    /// <inheritdoc cref="AddHostedServiceAfterFirstInvocation{TService}(IServiceCollection, Func{IServiceProvider, TService})"/>
    public static IServiceCollection AddHostedServiceAfterFirstInvocation<
        [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] TService>(
        this IServiceCollection services)
        where TService : class, IHostedService
    {
        // The container builds and disposes it, as AddHostedService<TService> would.
        services.TryAddSingleton<TService>();
        return services.AddHostedServiceAfterFirstInvocation(sp => sp.GetRequiredService<TService>());
    }
}

/// <summary>One hosted service started after the first invocation: its name (for logs) and how to build it.</summary>
public sealed record DeferredHostedService(string Name, Func<IServiceProvider, IHostedService> Factory);

/// <summary>
/// Builds and starts the <see cref="DeferredHostedService"/>s once the first invocation was answered, in
/// registration order, and stops those it started, in reverse, with the host.
/// </summary>
internal sealed partial class DeferredHostedServices(
    IEnumerable<DeferredHostedService> deferred,
    IServiceProvider services,
    LambdaStartupState startup,
    IHostApplicationLifetime lifetime,
    ILogger<DeferredHostedServices> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IHostedService> _started = [];
    private Task _starting = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Off the runtime loop's thread: it asks for the next event while these start.
        _starting = Task.Run(() => StartAfterFirstInvocationAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        IHostedService[] started;
        lock (_started)
        {
            // Each one stopped once, even if the host is stopped twice.
            started = [.. _started];
            _started.Clear();
        }

        for (var i = started.Length - 1; i >= 0; i--)
        {
            await started[i].StopAsync(cancellationToken);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task StartAfterFirstInvocationAsync(CancellationToken stopping)
    {
        try
        {
            await startup.FirstInvocationAnswered.WaitAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopped before the first invocation: nothing was started.
            return;
        }

        foreach (var service in deferred)
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var instance = service.Factory(services);
                await instance.StartAsync(stopping);
                lock (_started)
                {
                    _started.Add(instance);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // What would have failed the start-up before the first invocation: this instance is broken,
                // so it stops (Lambda starts a fresh one) instead of serving without the service.
                LogStartFailed(logger, exception, service.Name);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Hosted service {Service}, started after the first invocation, failed to start; stopping")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string service);
}
