using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Lambda.ApiGateway;
using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Hosting;

/// <summary>
/// An <see cref="IServer"/> whose "connections" are Lambda invocations: it polls the Runtime API and runs
/// each API Gateway event through the same pipeline Kestrel would.
/// </summary>
internal sealed partial class LambdaServer(
    LambdaHostingOptions options,
    IEnumerable<IInvocationListener> listeners,
    LambdaStartupState startup,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : IServer
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger = loggers.CreateLogger<LambdaServer>();
    private LambdaRuntimeApiClient? _client;
    private Task _loop = Task.CompletedTask;

    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        var runtimeApi = options.RuntimeApi ?? LambdaEnvironment.RuntimeApiAddress
            ?? throw new InvalidOperationException($"{LambdaEnvironment.RuntimeApi} is not set.");
        _client = new LambdaRuntimeApiClient(runtimeApi);
        var writer = new ApiGatewayResponseWriter(new BinaryContentPolicy(options.BinaryMediaTypes));
        var handler = new HttpInvocationHandler<TContext>(application, writer, options.AuthorizerIsUser, loggers.CreateLogger("Serverless.Lambda.Http"));
        var loop = new LambdaRuntimeLoop(_client, handler, listeners, startup, loggers.CreateLogger<LambdaRuntimeLoop>());
        LogStarted(_logger, runtimeApi);
        // Start returns at once, as Kestrel's does once it listens: the host finishes starting, then invocations flow.
        _loop = Task.Run(() => RunAsync(loop));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _client?.Dispose();
    }

    private async Task RunAsync(LambdaRuntimeLoop loop)
    {
        try
        {
            await HostStarted.WaitAsync(lifetime, _stopping.Token);
            await loop.RunAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped before the host finished starting.
        }
        catch (Exception exception)
        {
            // The Runtime API is gone: in Lambda that means the sandbox is being torn down.
            LogRuntimeApiLost(_logger, exception);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving API Gateway events from the Lambda Runtime API at {RuntimeApi}")]
    private static partial void LogStarted(ILogger logger, string runtimeApi);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Lost the Lambda Runtime API; stopping")]
    private static partial void LogRuntimeApiLost(ILogger logger, Exception exception);
}
