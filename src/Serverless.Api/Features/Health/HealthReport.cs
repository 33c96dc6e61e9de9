namespace Serverless.Api.Features.Health;

/// <param name="Reads">"ok", "degraded" (served, but not as designed: the replica is down and the primary stands in) or "unavailable".</param>
/// <param name="Writes">"ok", "unavailable", or "redirected" in a secondary region (writes are sent to the primary region).</param>
public sealed record HealthReport(
    string Status, IReadOnlyDictionary<string, DependencyHealth> Checks, string? Reads = null, string? Writes = null);

public sealed record DependencyHealth(string Status, double DurationMs, string? Error = null, string? Detail = null);
