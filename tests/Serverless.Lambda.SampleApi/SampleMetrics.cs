using System.Diagnostics.Metrics;

namespace Serverless.Lambda.SampleApi;

public sealed class SampleMetrics
{
    private readonly Counter<long> _hits;
    private readonly Histogram<double> _latency;

    public SampleMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Serverless.Sample");
        _hits = meter.CreateCounter<long>("sample.hits", "{hit}");
        _latency = meter.CreateHistogram<double>("sample.latency", "ms");
    }

    public void Hit(string tenant)
    {
        // The tenant tag must never become a dimension; the EMF test checks it does not.
        _hits.Add(1, new KeyValuePair<string, object?>("tenant_id", tenant));
        _latency.Record(12.5);
        _latency.Record(7.5);
    }
}
