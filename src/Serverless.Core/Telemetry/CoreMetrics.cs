using System.Diagnostics;
using System.Diagnostics.Metrics;
using Serverless.Core.Data;

namespace Serverless.Core.Telemetry;

/// <summary>The platform's own instruments. Tags stay low-cardinality: never a tenant id.</summary>
public static class CoreMetrics
{
    public const string MeterName = "Serverless";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> DbCalls = Meter.CreateCounter<long>(
        "serverless.db.calls", "{call}", "Database transactions by source, operation and outcome.");

    private static readonly Histogram<double> DbDuration = Meter.CreateHistogram<double>(
        "serverless.db.duration", "s", "Time from opening a connection to the end of the transaction.");

    private static readonly Counter<long> CacheCalls = Meter.CreateCounter<long>(
        "serverless.cache.calls", "{call}", "Cache look-ups by cache name and result (hit, miss, error).");

    public static void RecordDbCall(DataSourceKind source, string operation, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "db.source", source == DataSourceKind.Primary ? "primary" : "replica" },
            { "db.operation", operation },
            { "outcome", outcome },
        };
        DbCalls.Add(1, tags);
        DbDuration.Record(elapsed.TotalSeconds, tags);
    }

    public static void RecordCacheCall(string cache, string result) =>
        CacheCalls.Add(1, new TagList { { "cache", cache }, { "result", result } });
}
