namespace Serverless.Lambda.Metrics;

/// <summary>The values of one metric under one set of dimension values during one invocation.</summary>
internal sealed class MetricSeries(string name, string unit, MetricAggregation aggregation, KeyValuePair<string, string>[] dimensions)
{
    public string Name { get; } = name;

    public string Unit { get; } = unit;

    public MetricAggregation Aggregation { get; } = aggregation;

    public KeyValuePair<string, string>[] Dimensions { get; } = dimensions;

    public List<double> Values { get; } = [];

    public string DimensionKey { get; } = string.Join('\u0001', dimensions.Select(d => d.Key + "\u0002" + d.Value));

    public void Add(double value)
    {
        switch (Aggregation)
        {
            case MetricAggregation.Sum or MetricAggregation.Cumulative when Values.Count == 1:
                Values[0] += value;
                break;
            case MetricAggregation.Last when Values.Count == 1:
                Values[0] = value;
                break;
            default:
                Values.Add(value);
                break;
        }
    }
}
