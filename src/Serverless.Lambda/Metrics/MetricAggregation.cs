namespace Serverless.Lambda.Metrics;

internal enum MetricAggregation
{
    /// <summary>Counters: one summed value per invocation.</summary>
    Sum,

    /// <summary>Gauges and observable instruments: the last value seen.</summary>
    Last,

    /// <summary>Histograms: every value, so CloudWatch can compute percentiles.</summary>
    Distribution,

    /// <summary>Up-down counters (active requests, queue depth): the running total, carried across invocations.</summary>
    Cumulative,
}
