using Microsoft.Extensions.Hosting;

namespace Serverless.SystemTests.Support;

/// <summary>A started worker host; disposing it stops it the way a shutdown does (in-flight work is cancelled). Disposing twice does nothing.</summary>
public sealed class RunningWorker(IHost host) : IAsyncDisposable
{
    private int _disposed;

    public IServiceProvider Services => host.Services;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await host.StopAsync(TimeSpan.FromSeconds(10));
        host.Dispose();
    }
}
