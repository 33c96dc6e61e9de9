using System.Diagnostics;
using Serverless.Api.Platform;
using Serverless.Core.Data;

namespace Serverless.Api.Features.Health;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: it can do its work. The primary and
/// the replica are required (503 without them); Redis is not, because the API keeps serving without
/// it, only slower, so a Redis outage reports "degraded" with 200.
/// </summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        // Load balancers, the Lambda smoke check and ./dev probe these without credentials.
        var health = app.MapGroup("/health").AllowAnonymous().ExcludeFromDescription();
        health.MapGet("/live", () => TypedResults.Ok(new HealthReport("live", new Dictionary<string, DependencyHealth>())));
        health.MapGet("/ready", Ready);
        return app;
    }

    private static async Task<IResult> Ready(Databases databases, RedisConnection redis, CancellationToken ct)
    {
        var primary = Check(async c =>
        {
            await using var cmd = databases.Primary.CreateCommand("SELECT pg_is_in_recovery()");
            return (bool)(await cmd.ExecuteScalarAsync(c))! ? "in recovery" : "primary";
        }, ct);
        var replica = Check(async c =>
        {
            await using var cmd = databases.Replica.CreateCommand("SELECT pg_is_in_recovery()");
            return (bool)(await cmd.ExecuteScalarAsync(c))! ? "replica" : "primary (no replica configured)";
        }, ct);
        var cache = Check(async c =>
        {
            var latency = await (await redis.DatabaseAsync()).PingAsync();
            return $"ping {latency.TotalMilliseconds:F1} ms";
        }, ct);
        await Task.WhenAll(primary, replica, cache);

        var checks = new Dictionary<string, DependencyHealth>
        {
            ["primary"] = primary.Result,
            ["replica"] = replica.Result,
            ["redis"] = cache.Result with { Status = cache.Result.Status == "healthy" ? "healthy" : "degraded" },
        };
        var required = primary.Result.Status == "healthy" && replica.Result.Status == "healthy";
        var status = !required ? "unhealthy" : checks["redis"].Status == "healthy" ? "healthy" : "degraded";
        return TypedResults.Json(new HealthReport(status, checks), ApiJsonContext.Default.HealthReport, statusCode: required ? 200 : 503);
    }

    private static async Task<DependencyHealth> Check(Func<CancellationToken, Task<string>> probe, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            var detail = await probe(timeout.Token).WaitAsync(timeout.Token);
            return new DependencyHealth("healthy", Stopwatch.GetElapsedTime(started).TotalMilliseconds, Detail: detail);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var error = e is OperationCanceledException ? "timed out" : e.GetType().Name;
            return new DependencyHealth("unhealthy", Stopwatch.GetElapsedTime(started).TotalMilliseconds, error);
        }
    }
}
