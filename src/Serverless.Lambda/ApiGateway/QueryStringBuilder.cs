using System.Text;

namespace Serverless.Lambda.ApiGateway;

/// <summary>
/// Rebuilds a query string from payload 1.0's decoded values. Each key and value is encoded exactly once,
/// so ASP.NET Core's parser gives the values back unchanged (no double encoding, no '+' turned into a space).
/// </summary>
public static class QueryStringBuilder
{
    public static string Build(Dictionary<string, List<string?>?>? multiValue, Dictionary<string, string?>? single)
    {
        var builder = new StringBuilder();
        if (multiValue is { Count: > 0 })
        {
            foreach (var (key, values) in multiValue)
            {
                foreach (var value in values ?? [])
                {
                    Append(builder, key, value);
                }
            }
        }
        else if (single is { Count: > 0 })
        {
            foreach (var (key, value) in single)
            {
                Append(builder, key, value);
            }
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string key, string? value)
    {
        builder.Append(builder.Length == 0 ? '?' : '&');
        builder.Append(Uri.EscapeDataString(key));
        builder.Append('=');
        builder.Append(Uri.EscapeDataString(value ?? string.Empty));
    }
}
