using System.Text.Json;

namespace Serverless.Lambda.Metrics;

/// <summary>
/// Lays metric series out as EMF documents within CloudWatch's limits: one document per set of dimension
/// values, at most 100 metrics per document and 100 values per metric (longer series span documents).
/// </summary>
internal static class EmfDocumentWriter
{
    public const int MaxMetricsPerDocument = 100;
    public const int MaxValuesPerMetric = 100;

    public static IEnumerable<byte[]> Write(string metricNamespace, long timestampMs, IEnumerable<MetricSeries> series)
    {
        foreach (var group in series.Where(s => s.Values.Count > 0).GroupBy(s => s.DimensionKey))
        {
            var pending = group
                .SelectMany(s => s.Values.Chunk(MaxValuesPerMetric).Select(values => (Series: s, Values: values)))
                .ToList();
            while (pending.Count > 0)
            {
                var line = TakeLine(pending);
                yield return Document(metricNamespace, timestampMs, line);
            }
        }
    }

    /// <summary>A metric name can appear once per document, so a long series' chunks go to separate documents.</summary>
    private static List<(MetricSeries Series, double[] Values)> TakeLine(List<(MetricSeries Series, double[] Values)> pending)
    {
        var line = new List<(MetricSeries Series, double[] Values)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < pending.Count && line.Count < MaxMetricsPerDocument;)
        {
            if (names.Add(pending[i].Series.Name))
            {
                line.Add(pending[i]);
                pending.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }

        return line;
    }

    private static byte[] Document(string metricNamespace, long timestampMs, List<(MetricSeries Series, double[] Values)> line)
    {
        var dimensions = line[0].Series.Dimensions;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", timestampMs);
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", metricNamespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            foreach (var dimension in dimensions)
            {
                json.WriteStringValue(dimension.Key);
            }

            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (series, _) in line)
            {
                json.WriteStartObject();
                json.WriteString("Name", series.Name);
                json.WriteString("Unit", series.Unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();

            foreach (var dimension in dimensions)
            {
                json.WriteString(dimension.Key, dimension.Value);
            }

            foreach (var (series, values) in line)
            {
                if (values.Length == 1)
                {
                    json.WriteNumber(series.Name, values[0]);
                }
                else
                {
                    json.WriteStartArray(series.Name);
                    foreach (var value in values)
                    {
                        json.WriteNumberValue(value);
                    }

                    json.WriteEndArray();
                }
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
