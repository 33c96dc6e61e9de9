namespace Serverless.Core.Routing;

/// <summary>Why a call went to the tier it went to (logged per call, and kept on the response).</summary>
public enum RouteReason
{
    /// <summary>The routing table's entry for the task, or its default.</summary>
    Task,

    /// <summary>The tenant overrides the task's tier.</summary>
    TenantOverride,

    /// <summary>The prompt version names a tier of its own.</summary>
    PromptVersion,

    /// <summary>The chosen tier did not fit the budget and the tenant's budget says downgrade.</summary>
    BudgetDowngrade,
}

public sealed record ModelRoute(string Task, string Tier, RouteReason Reason);
