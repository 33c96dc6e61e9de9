using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Hosting;

/// <summary>Runs the Runtime API loop for a non-HTTP function (the SQS worker) inside a generic host.</summary>
internal sealed class LambdaFunctionHostedService(
    LambdaHostingOptions options,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<LambdaFunctionHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new LambdaRuntimeApiClient(options.RuntimeApi!);
        var loop = new LambdaRuntimeLoop(
            client,
            services.GetRequiredService<ILambdaHandler>(),
            services.GetServices<IInvocationListener>(),
            services.GetRequiredService<LambdaStartupState>(),
            services.GetRequiredService<ILogger<LambdaRuntimeLoop>>());
        try
        {
            await HostStarted.WaitAsync(lifetime, stoppingToken);
            await loop.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped before the host finished starting.
        }
        catch (HttpRequestException exception)
        {
            logger.LogCritical(exception, "Lost the Lambda Runtime API; stopping");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
