using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Budgets;

namespace Serverless.Worker.Llm;

public sealed class BudgetOptions
{
    public const string Section = "Budgets";

    /// <summary>A hold older than this belongs to a job that died: no model call outlives it (Llm:TotalTimeoutSeconds is far shorter).</summary>
    public int StaleReservationMinutes { get; set; } = 15;

    public int SweepEverySeconds { get; set; } = 60;

    /// <summary>How often the webhook dispatcher looks for due deliveries (it also runs at once after a warning).</summary>
    public int WebhookEverySeconds { get; set; } = 5;

    /// <summary>The first retry of a failed delivery; each next one waits twice as long (with jitter), at most <see cref="WebhookRetryMaxSeconds"/>.</summary>
    public double WebhookRetryBaseSeconds { get; set; } = 30;

    public double WebhookRetryMaxSeconds { get; set; } = 3600;

    /// <summary>Attempts before a delivery is given up (state failed).</summary>
    public int WebhookMaxAttempts { get; set; } = 8;

    public int WebhookTimeoutSeconds { get; set; } = 10;
}

/// <summary>
/// Records the spend of calls whose settle failed (<see cref="LateSettlements"/>), then releases budget holds left
/// behind by jobs that died mid-call (a crash, a Lambda timeout).
/// </summary>
public sealed partial class BudgetSweeper(BudgetLedger ledger, LateSettlements late, IOptions<BudgetOptions> options, ILogger<BudgetSweeper> logger) : BackgroundService
{
    /// <returns>How many holds were released as unspent.</returns>
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        // First what is known to be spent: a hold settled late is counted, not released as unspent.
        await late.SettleKeptAsync(ct);
        return await ledger.ReleaseStaleAsync(TimeSpan.FromMinutes(options.Value.StaleReservationMinutes), ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepEverySeconds));
        do
        {
            try
            {
                var released = await SweepOnceAsync(stoppingToken);
                if (released > 0)
                {
                    LogReleased(logger, released);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be away; the next tick tries again, and nothing is lost meanwhile.
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Released {Count} budget holds of jobs that died")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget sweep failed; trying again at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
