using System.Text.Json;

namespace Serverless.Lambda.Tests.Metrics;

/// <summary>
/// Checks one line against the documented Embedded Metric Format: the _aws metadata, the metric
/// directives, the members they reference, and CloudWatch's limits.
/// </summary>
public static class EmfDocumentValidator
{
    private static readonly HashSet<string> Units =
    [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
        "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
        "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    ];

    /// <summary>Returns the parsed document; throws (failing the test) on the first violation.</summary>
    public static JsonElement Validate(string line)
    {
        Assert.DoesNotContain('\n', line);
        var root = JsonDocument.Parse(line).RootElement.Clone();
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        var aws = root.GetProperty("_aws");
        Assert.True(aws.GetProperty("Timestamp").TryGetInt64(out var timestamp) && timestamp > 1_600_000_000_000, "Timestamp is epoch milliseconds");
        var directives = aws.GetProperty("CloudWatchMetrics");
        Assert.InRange(directives.GetArrayLength(), 1, int.MaxValue);
        foreach (var directive in directives.EnumerateArray())
        {
            var ns = directive.GetProperty("Namespace").GetString();
            Assert.False(string.IsNullOrEmpty(ns));
            Assert.InRange(ns!.Length, 1, 255);
            foreach (var set in directive.GetProperty("Dimensions").EnumerateArray())
            {
                Assert.InRange(set.GetArrayLength(), 0, 30);
                foreach (var key in set.EnumerateArray())
                {
                    Assert.Equal(JsonValueKind.String, root.GetProperty(key.GetString()!).ValueKind);
                    Assert.DoesNotContain("tenant", key.GetString()!, StringComparison.OrdinalIgnoreCase);
                }
            }

            var metrics = directive.GetProperty("Metrics");
            Assert.InRange(metrics.GetArrayLength(), 1, 100);
            foreach (var metric in metrics.EnumerateArray())
            {
                var name = metric.GetProperty("Name").GetString()!;
                Assert.InRange(name.Length, 1, 255);
                Assert.Contains(metric.GetProperty("Unit").GetString()!, Units);
                var value = root.GetProperty(name);
                if (value.ValueKind == JsonValueKind.Array)
                {
                    Assert.InRange(value.GetArrayLength(), 1, 100);
                    Assert.All(value.EnumerateArray(), v => Assert.Equal(JsonValueKind.Number, v.ValueKind));
                }
                else
                {
                    Assert.Equal(JsonValueKind.Number, value.ValueKind);
                }
            }
        }

        return root;
    }
}
