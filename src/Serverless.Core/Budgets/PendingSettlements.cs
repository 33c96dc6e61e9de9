namespace Serverless.Core.Budgets;

/// <summary>
/// Settlements a job takes over from its model calls. When a call carries one (<c>LlmCall.Settlements</c>), the
/// budget client records the provider's usage here instead of settling before it returns, and the job settles it
/// in its own completion transaction (<see cref="BudgetLedger.SettleWithinAsync"/>), or on its own with
/// <see cref="BudgetLedger.SettleAsync(PendingSettlements, CancellationToken)"/> before it gives up: either way
/// before the job is acknowledged, so a settle is never lost to an acknowledged job. A call's path is one round
/// trip shorter, and the settle commits together with the job's success.
/// </summary>
public sealed class PendingSettlements
{
    private readonly List<PendingSettlement> _items = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public void Add(PendingSettlement settlement)
    {
        lock (_lock)
        {
            _items.Add(settlement);
        }
    }

    /// <summary>What is pending now; each stays pending until <see cref="Settled"/> says it committed.</summary>
    public IReadOnlyList<PendingSettlement> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }

    /// <summary>These committed: report the thresholds they crossed and forget them.</summary>
    public void Settled(IReadOnlyList<(PendingSettlement Settlement, IReadOnlyList<BudgetWarning> Crossed)> committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        lock (_lock)
        {
            foreach (var (settlement, _) in committed)
            {
                _items.Remove(settlement);
            }
        }
        foreach (var (settlement, crossed) in committed)
        {
            settlement.OnCrossed(crossed);
        }
    }
}

/// <summary>One call's usage, to settle; <paramref name="OnCrossed"/> gets the thresholds it crossed once it committed.</summary>
public sealed record PendingSettlement(Guid TenantId, string UsageId, SettledUsage Usage, Action<IReadOnlyList<BudgetWarning>> OnCrossed);
