using Microsoft.Extensions.Logging;
using Serverless.Core.Idempotency;
using Serverless.Core.Jobs;

namespace Serverless.Worker.Jobs;

/// <summary>
/// While a job runs, keeps its message hidden and its claim alive, every half window. Without it a job
/// slower than the visibility timeout would be delivered again and, once its claim lapsed, run twice.
/// A worker that dies stops beating, so the job is redelivered one window later, as it should be.
/// </summary>
public sealed partial class JobHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beating;

    public JobHeartbeat(IJobQueue queue, IIdempotencyStore idempotency, JobEnvelope job, string? receipt, IdempotencyKey key, TimeSpan window, ILogger logger)
    {
        _beating = receipt is null ? Task.CompletedTask : BeatAsync(queue, idempotency, job, receipt, key, window, logger, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _beating;
        _stop.Dispose();
    }

    private static async Task BeatAsync(
        IJobQueue queue, IIdempotencyStore idempotency, JobEnvelope job, string receipt, IdempotencyKey key, TimeSpan window, ILogger logger, CancellationToken stop)
    {
        var interval = TimeSpan.FromTicks(Math.Max(window.Ticks / 2, TimeSpan.TicksPerSecond));
        while (true)
        {
            try
            {
                await Task.Delay(interval, stop);
                await queue.DelayRedeliveryAsync(job.Priority, receipt, window, stop);
                if (!await idempotency.ExtendAsync(key, window, stop))
                {
                    LogClaimLost(logger, job.JobId);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A missed beat is not fatal: the next one may land, and at worst the job is redelivered.
                LogBeatFailed(logger, job.JobId, e.GetType().Name, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} lost its idempotency claim while running")]
    private static partial void LogClaimLost(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of job {JobId} failed: {ErrorType}: {ErrorMessage}")]
    private static partial void LogBeatFailed(ILogger logger, Guid jobId, string errorType, string errorMessage);
}
