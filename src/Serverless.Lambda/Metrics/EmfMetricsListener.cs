using System.Diagnostics.Metrics;
using System.Globalization;
using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Metrics;

/// <summary>
/// Collects System.Diagnostics.Metrics measurements during an invocation and writes them as CloudWatch
/// EMF when it ends (before the response is posted: after that the sandbox may be frozen).
/// </summary>
public sealed class EmfMetricsListener : IInvocationListener, IDisposable
{
    private readonly EmfOptions _options;
    private readonly IEmfSink _sink;
    private readonly TimeProvider _time;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Name, string DimensionKey), MetricSeries> _series = [];
    private bool _coldStartWritten;

    public EmfMetricsListener(EmfOptions options, IEmfSink sink, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _sink = sink;
        _time = time ?? TimeProvider.System;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_options.Meters.Any(prefix => instrument.Meter.Name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<byte>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<short>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<float>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<decimal>((i, v, t, _) => Record(i, (double)v, t));
        _listener.Start();
    }

    public void OnInvocationStarting(LambdaInvocationContext context)
    {
    }

    public void OnInvocationCompleted(LambdaInvocationContext context, bool succeeded) => Flush();

    /// <summary>Writes and forgets everything measured since the last flush.</summary>
    public void Flush()
    {
        _listener.RecordObservableInstruments();
        List<MetricSeries> batch;
        lock (_gate)
        {
            batch = [.. _series.Values.Where(s => s.Aggregation != MetricAggregation.Cumulative)];
            // Running totals are snapshots: the live series keeps counting for the next invocation.
            batch.AddRange(_series.Values.Where(s => s.Aggregation == MetricAggregation.Cumulative).Select(Snapshot));
            foreach (var key in _series.Where(s => s.Value.Aggregation != MetricAggregation.Cumulative).Select(s => s.Key).ToList())
            {
                _series.Remove(key);
            }

            if (!_coldStartWritten)
            {
                _coldStartWritten = true;
                var coldStart = new MetricSeries("ColdStart", "Count", MetricAggregation.Sum, [new(EmfDimensions.Service, _options.Service)]);
                coldStart.Add(1);
                batch.Add(coldStart);
            }
        }

        foreach (var line in EmfDocumentWriter.Write(_options.Namespace, _time.GetUtcNow().ToUnixTimeMilliseconds(), batch))
        {
            _sink.WriteLine(line);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        var dimensions = Dimensions(tags);
        var aggregation = AggregationOf(instrument);
        var probe = new MetricSeries(instrument.Name, CloudWatchUnits.From(instrument.Unit, aggregation), aggregation, dimensions);
        lock (_gate)
        {
            var key = (probe.Name, probe.DimensionKey);
            if (!_series.TryGetValue(key, out var series))
            {
                _series[key] = series = probe;
            }

            series.Add(value);
        }
    }

    private KeyValuePair<string, string>[] Dimensions(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dimensions = new List<KeyValuePair<string, string>> { new(EmfDimensions.Service, _options.Service) };
        foreach (var name in _options.Dimensions)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == name && !EmfDimensions.IsForbidden(tag.Key) && tag.Value is not null)
                {
                    dimensions.Add(new(tag.Key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty));
                    break;
                }
            }
        }

        return [.. dimensions];
    }

    private static MetricSeries Snapshot(MetricSeries live)
    {
        var copy = new MetricSeries(live.Name, live.Unit, live.Aggregation, live.Dimensions);
        copy.Add(live.Values.Count > 0 ? live.Values[0] : 0);
        return copy;
    }

    private static MetricAggregation AggregationOf(Instrument instrument)
    {
        if (instrument.IsObservable)
        {
            return MetricAggregation.Last;
        }

        var kind = instrument.GetType().Name;
        return kind.StartsWith("Histogram", StringComparison.Ordinal) ? MetricAggregation.Distribution
            : kind.StartsWith("Gauge", StringComparison.Ordinal) ? MetricAggregation.Last
            : kind.StartsWith("UpDownCounter", StringComparison.Ordinal) ? MetricAggregation.Cumulative
            : MetricAggregation.Sum;
    }
}
