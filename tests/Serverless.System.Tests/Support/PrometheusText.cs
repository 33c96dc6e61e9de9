using System.Text.RegularExpressions;

namespace Serverless.SystemTests.Support;

/// <summary>The series of a Prometheus text exposition: metric name and labels of each sample line.</summary>
public static partial class PrometheusText
{
    public static IEnumerable<(string Metric, IReadOnlyDictionary<string, string> Labels)> Series(string exposition)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (brace < 0 || (space >= 0 && space < brace))
            {
                yield return (line[..space], new Dictionary<string, string>());
                continue;
            }
            var end = line.LastIndexOf('}');
            var labels = Label().Matches(line[(brace + 1)..end]).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            yield return (line[..brace], labels);
        }
    }

    [GeneratedRegex("""([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?""")]
    private static partial Regex Label();
}
