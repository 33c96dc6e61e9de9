namespace Serverless.Api.Features.Health;

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, DependencyHealth> Checks);

public sealed record DependencyHealth(string Status, double DurationMs, string? Error = null, string? Detail = null);
