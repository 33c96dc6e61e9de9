namespace Serverless.Core.Data;

/// <summary>Connection strings: the application role on the primary and on a replica, and the operator's.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Writes and fresh reads, as the application role (no BYPASSRLS, not an owner).</summary>
    public string Primary { get; set; } = "";

    /// <summary>Reads that may lag slightly (lists, history), as the application role. Defaults to the primary.</summary>
    public string? Replica { get; set; }

    /// <summary>
    /// Whether a read meant for the replica may go to the primary while the replica does not answer. True in
    /// the primary region; the API turns it off in a secondary region, whose primary is another region's.
    /// </summary>
    public bool ReplicaFallsBackToPrimary { get; set; } = true;

    /// <summary>How many replica reads may run on the primary at once while the replica is down; more get 503.</summary>
    public int ReplicaFallbackConcurrency { get; set; } = 16;

    /// <summary>How long the replica is left alone after it failed before one read probes it again.</summary>
    public int ReplicaBreakSeconds { get; set; } = 5;

    /// <summary>Migrations and operator commands: a role that owns the schema and is a serverless_operator.</summary>
    public string? Admin { get; set; }
}
