using System.Diagnostics;
using System.Diagnostics.Metrics;
using Serverless.Core.Data;
using Serverless.Core.Telemetry;

namespace Serverless.Api.Platform;

/// <summary>
/// Instruments of the read path: degraded Redis, stale answers, where consistent reads went, and
/// replica lag. Created through <see cref="IMeterFactory"/>, so each host (and each test host) has
/// its own; exported under the platform's meter name. Tags stay low-cardinality: never a tenant.
/// </summary>
public sealed class ReadPathMetrics
{
    private readonly Counter<long> _redisUnavailable;
    private readonly Counter<long> _publicLoads;
    private readonly Counter<long> _staleServed;
    private readonly Counter<long> _routedReads;
    private long _lagBytes = -1;
    private double _lagSeconds = -1;

    public ReadPathMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(CoreMetrics.MeterName);
        _redisUnavailable = meter.CreateCounter<long>(
            "serverless.redis.unavailable", "{call}", "Redis calls that timed out, failed or met an open circuit; the caller went without Redis.");
        _publicLoads = meter.CreateCounter<long>(
            "serverless.public.loads", "{query}", "Database look-ups made to fill the public content cache.");
        _staleServed = meter.CreateCounter<long>(
            "serverless.public.stale_served", "{response}", "Public responses served from an expired copy because the database failed (stale-if-error).");
        _routedReads = meter.CreateCounter<long>(
            "serverless.db.consistent_reads", "{read}", "Reads that had to reflect a write, by the source that served them.");
        meter.CreateObservableGauge(
            "serverless.db.replica.lag_bytes", () => Observe(Interlocked.Read(ref _lagBytes)), "By", "WAL the replica has not replayed yet.");
        meter.CreateObservableGauge(
            "serverless.db.replica.lag_seconds", () => Observe(Volatile.Read(ref _lagSeconds)), "s", "Age of the last transaction the replica replayed, when it is behind.");
    }

    public void RedisUnavailable(string operation, string reason) =>
        _redisUnavailable.Add(1, new TagList { { "operation", operation }, { "reason", reason } });

    public void PublicLoad(string what, DataSourceKind source) =>
        _publicLoads.Add(1, new TagList { { "what", what }, { "db.source", source == DataSourceKind.Primary ? "primary" : "replica" } });

    public void StaleServed(string what) => _staleServed.Add(1, new TagList { { "what", what } });

    public void ConsistentRead(DataSourceKind source) =>
        _routedReads.Add(1, new TagList { { "db.source", source == DataSourceKind.Primary ? "primary" : "replica" } });

    public void ReplicaLag(long bytes, double seconds)
    {
        Interlocked.Exchange(ref _lagBytes, bytes);
        Volatile.Write(ref _lagSeconds, seconds);
    }

    private static IEnumerable<Measurement<T>> Observe<T>(T value) where T : struct, IComparable<T> =>
        value.CompareTo(default) < 0 ? [] : [new Measurement<T>(value)];
}
