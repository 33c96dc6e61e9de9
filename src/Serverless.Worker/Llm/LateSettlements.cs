using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Serverless.Core.Budgets;

namespace Serverless.Worker.Llm;

/// <summary>
/// Model calls whose spend could not be recorded when their job ended (the database was away for the job's
/// completion and for the settle after it). They are kept here and settled again, by the budget sweeper's
/// tick and before the next draft job, until they commit: <c>llm_settle</c> counts a hold even after the
/// sweeper released it, so a late settlement still lands. What is lost is only what a process dies holding
/// (logged at Error with the usage, when it is kept).
/// </summary>
public sealed partial class LateSettlements
{
    private readonly PendingSettlements _kept = new();
    private readonly BudgetLedger _ledger;
    private readonly ILogger<LateSettlements> _logger;

    public LateSettlements(BudgetLedger ledger, IMeterFactory meters, ILogger<LateSettlements> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _ledger = ledger;
        _logger = logger;
        meters.Create(BudgetSignals.MeterName).CreateObservableGauge("serverless.llm.budget.late_settlements", () => _kept.Count, "{call}",
            "Model calls whose spend is not yet recorded because the database was away when their job ended.");
    }

    public int Count => _kept.Count;

    /// <summary>
    /// Settles what a job's calls left pending (the job ended without the completion that settles them); when the
    /// database is away for this too, keeps them, so the job may end (and be acknowledged) without losing them.
    /// </summary>
    public async Task SettleOrKeepAsync(PendingSettlements pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        try
        {
            await _ledger.SettleAsync(pending, CancellationToken.None);
        }
        catch (Exception e)
        {
            Keep(pending, e);
        }
    }

    private void Keep(PendingSettlements pending, Exception reason)
    {
        foreach (var settlement in pending.Snapshot())
        {
            _kept.Add(settlement);
            LogKept(_logger, settlement.TenantId, settlement.UsageId, settlement.Usage.InputTokens, settlement.Usage.OutputTokens,
                settlement.Usage.CostMicros, settlement.Usage.PriceVersion, reason);
        }
    }

    /// <summary>Settles what is kept, oldest first; what fails stays kept for the next try. Never throws but for cancellation.</summary>
    /// <returns>How many settled.</returns>
    public async Task<int> SettleKeptAsync(CancellationToken ct)
    {
        var before = _kept.Count;
        if (before == 0)
        {
            return 0;
        }
        try
        {
            await _ledger.SettleAsync(_kept, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStillUnsettled(_logger, _kept.Count, e);
        }
        var settled = before - _kept.Count;
        if (settled > 0)
        {
            LogSettled(_logger, settled);
        }
        return settled;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Budget settlement not recorded yet, kept to retry: tenant {TenantId}, usage {UsageId}, "
        + "{InputTokens} input and {OutputTokens} output tokens, {CostMicros} micro-USD at prices {PriceVersion}")]
    private static partial void LogKept(ILogger logger, Guid tenantId, string usageId, long inputTokens, long outputTokens, long costMicros, string priceVersion, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} budget settlements still not recorded; trying again later")]
    private static partial void LogStillUnsettled(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded {Count} late budget settlements")]
    private static partial void LogSettled(ILogger logger, int count);
}
