using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;
using Serverless.Api.Platform;
using Serverless.Api.Platform.Regions;
using Serverless.Core.Data;

namespace Serverless.Api.Features.Health;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: what it can do, reads and writes
/// apart. Reads need the replica, or in the primary region the primary standing in for it; writes need
/// a primary that takes writes (a secondary region redirects them: "redirected"). Redis is never
/// required: the API serves without it, slower. The status is "healthy" when everything answers,
/// "degraded" (200) when the asked-for capability still works without something, "unhealthy" (503)
/// when it does not. <c>?for=reads</c> (the default) answers 503 only when reads cannot be served;
/// <c>?for=writes</c> answers 503 when writes cannot be taken. docs/failure-modes.md says which check a
/// load balancer or a Route 53 health check should use.
/// </summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The liveness answer never changes: serialized once, as the endpoint's JSON options would (the source-generated
    /// context, nulls left out), and written as it is, so a probe costs no JSON work per request.
    /// </summary>
    internal static readonly byte[] LiveBody = JsonSerializer.SerializeToUtf8Bytes(
        new HealthReport("live", new Dictionary<string, DependencyHealth>()), ApiJsonContext.Default.HealthReport);

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        // Load balancers, the Lambda smoke check and ./dev probe these without credentials.
        var health = app.MapGroup("/health").AllowAnonymous().ExcludeFromDescription();
        health.MapGet("/live", WriteLive);
        health.MapGet("/ready", Ready);
        return app;
    }

    /// <summary>Written as it is: no result object, nothing resolved from the request's services.</summary>
    private static Task WriteLive(HttpContext http)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = LiveBody.Length;
        return http.Response.Body.WriteAsync(LiveBody, 0, LiveBody.Length, http.RequestAborted);
    }

    private static async Task<IResult> Ready(
        Databases databases, RedisConnection redis, IOptions<RegionOptions> region, CancellationToken ct, [FromQuery(Name = "for")] string? purpose)
    {
        if (purpose is not null and not "reads" and not "writes")
        {
            return TypedResults.Problem(
                "for is \"reads\" (the default) or \"writes\".", statusCode: 400, title: "Malformed request", type: ProblemTypes.ForStatus(400));
        }
        var primary = Check(async c =>
        {
            await using var cmd = databases.Primary.CreateCommand("SELECT pg_is_in_recovery()");
            // A primary address that reaches a standby (a failover under way) cannot take writes.
            return (bool)(await cmd.ExecuteScalarAsync(c))! ? throw new InvalidOperationException("in recovery: does not take writes") : "primary";
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

        var primaryUp = primary.Result.Status == "healthy";
        var replicaUp = replica.Result.Status == "healthy";
        var redisUp = cache.Result.Status == "healthy";
        var checks = new Dictionary<string, DependencyHealth>
        {
            ["primary"] = primary.Result,
            ["replica"] = replica.Result with { Status = replicaUp ? "healthy" : primaryUp && databases.Fallback.FallsBackToPrimary ? "degraded" : "unhealthy" },
            ["redis"] = cache.Result with { Status = redisUp ? "healthy" : "degraded" },
        };
        var reads = replicaUp ? "ok" : primaryUp && databases.Fallback.FallsBackToPrimary ? "degraded" : "unavailable";
        var writes = !region.Value.IsPrimary ? "redirected" : primaryUp ? "ok" : "unavailable";
        var able = purpose == "writes" ? writes != "unavailable" : reads != "unavailable";
        var status = !able ? "unhealthy" : reads == "ok" && writes != "unavailable" && redisUp ? "healthy" : "degraded";
        return TypedResults.Json(new HealthReport(status, checks, reads, writes), ApiJsonContext.Default.HealthReport, statusCode: able ? 200 : 503);
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
            var error = e switch
            {
                OperationCanceledException => "timed out",
                InvalidOperationException => e.Message,
                Npgsql.PostgresException pg => $"{e.GetType().Name} {pg.SqlState}",
                _ => e.GetType().Name,
            };
            return new DependencyHealth("unhealthy", Stopwatch.GetElapsedTime(started).TotalMilliseconds, error);
        }
    }
}
