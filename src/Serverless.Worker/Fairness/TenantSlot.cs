namespace Serverless.Worker.Fairness;

/// <summary>
/// One of a tenant's model-call slots, held while a job runs. Disposing gives it back; while held it is
/// renewed, so only a worker that died leaves it to lapse (after the lease).
/// </summary>
public sealed class TenantSlot : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<bool>>? _renew;
    private readonly Func<Task>? _release;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    /// <summary>A slot that holds nothing: fairness is off, or Redis did not answer (a job is never refused for that).</summary>
    public static TenantSlot Unlimited { get; } = new(null, null, TimeSpan.Zero);

    internal TenantSlot(Func<CancellationToken, Task<bool>>? renew, Func<Task>? release, TimeSpan renewEvery)
    {
        _renew = renew;
        _release = release;
        _renewing = renew is null ? Task.CompletedTask : RenewAsync(renewEvery);
    }

    private async Task RenewAsync(TimeSpan every)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await _renew!(_stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Redis hiccup: the lease still has two thirds to run; the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_release is null)
        {
            return;
        }
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        try
        {
            await _release();
        }
        catch (Exception)
        {
            // Not given back: it lapses with its lease instead.
        }
    }
}
