namespace Serverless.Core.Schemas;

/// <summary>How the worker paces attribute migrations, so a large backfill does not crowd the primary.</summary>
public sealed class AttributeMigrationOptions
{
    public const string Section = "AttributeMigrations";

    /// <summary>Items per transaction (1–1000).</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>A pause between batches (0–10000 ms), which leaves room for interactive writes.</summary>
    public int PauseMilliseconds { get; set; }
}
