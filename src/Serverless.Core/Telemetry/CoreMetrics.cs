using System.Diagnostics;
using System.Diagnostics.Metrics;
using Serverless.Core.Data;

namespace Serverless.Core.Telemetry;

/// <summary>
/// The platform's own instruments, created from the container's <see cref="IMeterFactory"/>, so each
/// host (and each test host) has its own. Tags stay low-cardinality: never a tenant id.
/// </summary>
public sealed class CoreMetrics
{
    public const string MeterName = "Serverless";

    private readonly Counter<long> _dbCalls;
    private readonly Histogram<double> _dbDuration;
    private readonly Counter<long> _cacheCalls;
    private readonly Counter<long> _replicaFallbacks;
    private readonly Counter<long> _poolsCleared;

    public CoreMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _dbCalls = meter.CreateCounter<long>(
            "serverless.db.calls", "{call}", "Database transactions by source, operation and outcome.");
        _dbDuration = meter.CreateHistogram<double>(
            "serverless.db.duration", "s", "Time from opening a connection to the end of the transaction.");
        _cacheCalls = meter.CreateCounter<long>(
            "serverless.cache.calls", "{call}", "Cache look-ups by cache name and result (hit, miss, error).");
        _replicaFallbacks = meter.CreateCounter<long>(
            "serverless.db.replica.fallbacks", "{read}", "Replica reads the replica could not serve, by outcome (primary: served by the primary; refused: 503).");
        _poolsCleared = meter.CreateCounter<long>(
            "serverless.db.pool.cleared", "{clear}", "Connection pools emptied because their connections reached a standby or a server refusing connections.");
    }

    public void RecordDbCall(DataSourceKind source, string operation, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "db.source", source == DataSourceKind.Primary ? "primary" : "replica" },
            { "db.operation", operation },
            { "outcome", outcome },
        };
        _dbCalls.Add(1, tags);
        _dbDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void RecordReplicaFallback(string outcome) => _replicaFallbacks.Add(1, new TagList { { "outcome", outcome } });

    public void RecordPoolCleared(DataSourceKind source) =>
        _poolsCleared.Add(1, new TagList { { "db.source", source == DataSourceKind.Primary ? "primary" : "replica" } });

    public void RecordCacheCall(string cache, string result) =>
        _cacheCalls.Add(1, new TagList { { "cache", cache }, { "result", result } });
}
