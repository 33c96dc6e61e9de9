using Microsoft.Extensions.Hosting;

namespace Serverless.SystemTests.Support;

/// <summary>A started worker host; disposing it stops it the way a shutdown does (in-flight work is cancelled).</summary>
public sealed class RunningWorker(IHost host) : IAsyncDisposable
{
    public IServiceProvider Services => host.Services;

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(TimeSpan.FromSeconds(10));
        host.Dispose();
    }
}
