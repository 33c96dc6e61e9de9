using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Serverless.Core.Jobs;

/// <summary>
/// Runs the outbox relay: on every commit signal and on a timer. While SQS is down the jobs stay in
/// PostgreSQL and each pass tries again; nothing is lost and nothing blocks the request that made them.
/// </summary>
public sealed partial class OutboxRelayService(
    OutboxRelay relay, OutboxSignal signal, IOptions<OutboxOptions> options, ILogger<OutboxRelayService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }
        var interval = TimeSpan.FromMilliseconds(settings.IntervalMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await relay.DrainAsync(settings, static () => true, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPublishFailed(logger, e.GetType().Name, e.Message);
            }
            try
            {
                await signal.WaitAsync(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay could not publish; jobs stay in the outbox: {ErrorType}: {ErrorMessage}")]
    private static partial void LogPublishFailed(ILogger logger, string errorType, string errorMessage);
}
