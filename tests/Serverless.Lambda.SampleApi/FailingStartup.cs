namespace Serverless.Lambda.SampleApi;

internal sealed class FailingStartup : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The sample was told to fail at start-up.");

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
