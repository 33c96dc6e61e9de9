namespace Serverless.Lambda.Metrics;

/// <summary>UCUM-style units of System.Diagnostics.Metrics mapped to CloudWatch's unit names.</summary>
internal static class CloudWatchUnits
{
    public static string From(string? unit, MetricAggregation aggregation) => unit switch
    {
        "s" => "Seconds",
        "ms" => "Milliseconds",
        "us" or "μs" => "Microseconds",
        "By" => "Bytes",
        "KiBy" or "kBy" => "Kilobytes",
        "MiBy" or "MBy" => "Megabytes",
        "%" => "Percent",
        "By/s" => "Bytes/Second",
        _ when aggregation is MetricAggregation.Sum or MetricAggregation.Cumulative => "Count",
        _ when unit is not null && unit.StartsWith('{') => "Count",
        _ => "None",
    };
}
