namespace Serverless.Core.Budgets;

/// <summary>A tenant's limit for all features (<see cref="AllFeatures"/>) or one, per calendar month (UTC).</summary>
public sealed record Budget(
    Guid Id,
    Guid TenantId,
    string Feature,
    long? TokenLimit,
    long? CostLimitMicros,
    IReadOnlyList<int> WarnAtPercent,
    WhenExhausted WhenExhausted)
{
    public const string AllFeatures = "*";
}

public enum WhenExhausted
{
    /// <summary>The call is refused and its job ends <c>budget_exhausted</c>.</summary>
    Refuse,

    /// <summary>The router may choose a smaller model instead (its reservation must still fit).</summary>
    Downgrade,
}

/// <summary>What a call asks to hold before it goes out: its worst case.</summary>
/// <param name="UsageId">The job and attempt ("job id/attempt"): reserving, settling and releasing are idempotent on it.</param>
/// <param name="Tokens">Prompt tokens counted before the call plus the call's maximum output tokens.</param>
/// <param name="CostMicros">Those tokens priced (USD millionths) at the model's input and output prices.</param>
public sealed record BudgetReservation(Guid TenantId, string Feature, string UsageId, string Model, long Tokens, long CostMicros);

/// <summary>What the provider reported for the call, priced by the price table version in force at the call.</summary>
public sealed record SettledUsage(long InputTokens, long OutputTokens, long CostMicros, string PriceVersion);

public abstract record ReserveOutcome
{
    private ReserveOutcome() { }

    /// <summary>Held: the call may go out. <paramref name="Replayed"/> when this usage id had reserved already.</summary>
    public sealed record Reserved(bool Replayed) : ReserveOutcome;

    /// <summary>The call would take a budget past its limit; nothing was held.</summary>
    public sealed record Refused(BudgetRefusal Reason) : ReserveOutcome;
}

/// <summary>Which budget refused, on which measure, how much of it is used (settled + reserved) and when it resets.</summary>
public sealed record BudgetRefusal(
    Guid BudgetId, string Feature, BudgetMeasure Measure, long Limit, long Used, long Asked, DateTimeOffset ResetsAt, WhenExhausted WhenExhausted);

public enum BudgetMeasure
{
    Tokens,
    Cost,
}

/// <summary>A threshold crossed by a settlement, reported once per budget and period.</summary>
public sealed record BudgetWarning(Guid BudgetId, Guid TenantId, string Feature, int Percent, DateTimeOffset PeriodStart);

/// <summary>One budget in one period, as reports and the pre-check see it.</summary>
public sealed record BudgetStatus(
    Budget Budget,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    long ReservedTokens,
    long SettledTokens,
    long ReservedMicros,
    long SettledMicros)
{
    public long? RemainingTokens => Budget.TokenLimit is { } limit ? Math.Max(0, limit - ReservedTokens - SettledTokens) : null;

    public long? RemainingMicros => Budget.CostLimitMicros is { } limit ? Math.Max(0, limit - ReservedMicros - SettledMicros) : null;

    public bool Exhausted => RemainingTokens == 0 || RemainingMicros == 0;

    /// <summary>Settled spend alone has reached a limit: no call can fit until the period ends, whatever is in flight.</summary>
    public bool Spent => (Budget.TokenLimit is { } tokens && SettledTokens >= tokens) || (Budget.CostLimitMicros is { } micros && SettledMicros >= micros);

    /// <summary>
    /// No call that reserves at least <paramref name="leastTokens"/> can fit before the period ends: a call is
    /// refused when settled + held + its worst case passes a limit, and settled spend only grows within a period.
    /// Holds are left out (they may be released), so this never refuses a call that could have fitted.
    /// </summary>
    public bool CannotFit(long leastTokens) => Spent || ShortOfTokens(leastTokens);

    /// <summary>The token limit, less settled spend alone, leaves less than <paramref name="leastTokens"/>.</summary>
    public bool ShortOfTokens(long leastTokens) => Budget.TokenLimit is { } tokens && SettledTokens + leastTokens > tokens;

    /// <summary>The token limit less settled spend (holds not counted); null without a token limit.</summary>
    public long? TokensLeftAfterSettled => Budget.TokenLimit is { } limit ? Math.Max(0, limit - SettledTokens) : null;
}

/// <summary>Budget periods are calendar months in UTC.</summary>
public static class BudgetPeriod
{
    public static DateTimeOffset StartOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    public static DateTimeOffset EndOf(DateTimeOffset at) => StartOf(at).AddMonths(1);
}
