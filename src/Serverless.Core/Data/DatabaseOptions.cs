namespace Serverless.Core.Data;

/// <summary>Connection strings: the application role on the primary and on a replica, and the operator's.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Writes and fresh reads, as the application role (no BYPASSRLS, not an owner).</summary>
    public string Primary { get; set; } = "";

    /// <summary>Reads that may lag slightly (lists, history), as the application role. Defaults to the primary.</summary>
    public string? Replica { get; set; }

    /// <summary>Migrations and operator commands: a role that owns the schema and is a serverless_operator.</summary>
    public string? Admin { get; set; }
}
