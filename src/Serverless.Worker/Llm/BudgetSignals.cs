using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Serverless.Core.Budgets;
using Serverless.Core.Drafts;

namespace Serverless.Worker.Llm;

/// <summary>
/// Where budget warnings and refusals go besides the audit log: a log line with the tenant (logs may carry
/// it) and counters without it (metrics never carry a tenant id: bounded labels only).
/// </summary>
public sealed partial class BudgetSignals(IMeterFactory meters, BudgetWebhookDispatcher webhooks, ILogger<BudgetSignals> logger) : IBudgetWarnings
{
    public const string MeterName = "Serverless.Budgets";

    private readonly Counter<long> _warnings = meters.Create(MeterName).CreateCounter<long>(
        "serverless.llm.budget.warnings", "{warning}", "Budget warning thresholds crossed (once per budget, period and threshold).");

    private readonly Counter<long> _refusals = meters.Create(MeterName).CreateCounter<long>(
        "serverless.llm.budget.refusals", "{call}", "Model calls refused before they went out because a budget would be passed.");

    public void Crossed(BudgetWarning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        _warnings.Add(1, new KeyValuePair<string, object?>("percent", warning.Percent));
        LogCrossed(logger, warning.TenantId, warning.Feature, warning.Percent, warning.PeriodStart);
        // The settlement queued the tenant's webhook delivery (if it has one): send it now, off this call's path.
        webhooks.Wake();
    }

    public void Refused(LlmCall call, BudgetRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(refusal);
        _refusals.Add(1, new KeyValuePair<string, object?>("measure", refusal.Measure == BudgetMeasure.Tokens ? "tokens" : "cost"));
        LogRefused(logger, call.TenantId, refusal.Feature, refusal.Used, refusal.Limit, refusal.Asked, refusal.ResetsAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId} budget {Feature} reached {Percent} % in the period from {PeriodStart:yyyy-MM-dd}")]
    private static partial void LogCrossed(ILogger logger, Guid tenantId, string feature, int percent, DateTimeOffset periodStart);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId} budget {Feature} refused a model call: {Used} of {Limit} used, {Asked} asked; resets {ResetsAt:yyyy-MM-dd}")]
    private static partial void LogRefused(ILogger logger, Guid tenantId, string feature, long used, long limit, long asked, DateTimeOffset resetsAt);
}
