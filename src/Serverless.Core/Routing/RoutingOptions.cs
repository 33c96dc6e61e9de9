namespace Serverless.Core.Routing;

/// <summary>
/// Which model tier ("small", "large": each provider maps a tier to one of its models) answers which
/// task. Configuration <c>Llm:Routing</c>; a tenant may override a task's tier (<c>llm_routes</c>).
/// </summary>
public sealed class RoutingOptions
{
    public const string Section = "Llm:Routing";

    /// <summary>Task (feature) → tier, e.g. <c>"outline.generate": "small"</c>, <c>"drafts.generate": "large"</c>.</summary>
    public Dictionary<string, string> Tasks { get; set; } = new()
    {
        ["drafts.generate"] = "large",
        ["outline.generate"] = "small",
        ["rewrite.short"] = "small",
    };

    /// <summary>For a task the table does not name.</summary>
    public string DefaultTier { get; set; } = "large";

    /// <summary>Where a tenant whose budget says <c>downgrade</c> goes when the chosen tier does not fit.</summary>
    public string DowngradeTier { get; set; } = "small";

    /// <summary>How long a tenant's overrides are kept in memory before they are read again.</summary>
    public int OverrideCacheSeconds { get; set; } = 30;
}
