namespace Serverless.Core.Budgets;

/// <summary>
/// A model call was refused before it went out because a budget would be passed. Not a transient error:
/// the job ends <c>budget_exhausted</c>, it is not retried, and the audit log records the refusal.
/// </summary>
public sealed class BudgetExhaustedException(BudgetRefusal refusal)
    : Exception($"The {(refusal.Feature == Budget.AllFeatures ? "tenant's" : $"'{refusal.Feature}'")} {(refusal.Measure == BudgetMeasure.Tokens ? "token" : "cost")} budget is exhausted until {refusal.ResetsAt:yyyy-MM-dd}: {refusal.Used} of {refusal.Limit} used, {refusal.Asked} asked.")
{
    public BudgetRefusal Refusal { get; } = refusal;
}
