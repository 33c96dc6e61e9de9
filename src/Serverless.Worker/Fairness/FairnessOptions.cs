namespace Serverless.Worker.Fairness;

/// <summary>
/// How one tenant's backlog is kept from starving the others: a cap on each tenant's model-calling jobs
/// running at once, by tier, held in Redis so every worker shares it.
/// </summary>
public sealed class FairnessOptions
{
    public const string Section = "Fairness";

    /// <summary>Off: every job runs as soon as a worker takes it (one tenant's flood then goes first).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Model-calling jobs a tenant may run at once, by tier; a tier missing here gets <see cref="DefaultModelCalls"/>.</summary>
    public Dictionary<string, int> ModelCalls { get; set; } = new(StringComparer.Ordinal);

    public int DefaultModelCalls { get; set; } = 4;

    /// <summary>How long a slot outlives a worker that died holding it; a running job renews it every third of this.</summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>A job turned away (its tenant at its cap) is sent again after this long, with up to as much again of jitter.</summary>
    public double RequeueSeconds { get; set; } = 1;

    /// <summary>How long a worker remembers a tenant's tier.</summary>
    public int TierCacheSeconds { get; set; } = 60;

    /// <summary>The cap for a tier: the table's value, the built-in defaults (free 1, standard 4, premium 16), else the default.</summary>
    public int CapFor(string? tier) =>
        tier is not null && ModelCalls.TryGetValue(tier, out var cap) ? cap
        : tier is not null && BuiltIn.TryGetValue(tier, out var builtIn) ? builtIn
        : DefaultModelCalls;

    private static readonly Dictionary<string, int> BuiltIn = new(StringComparer.Ordinal) { ["free"] = 1, ["standard"] = 4, ["premium"] = 16 };
}
