using Microsoft.Extensions.Primitives;

namespace Serverless.Api.Features.Content;

/// <summary>An item's ETag is its version in quotes; it changes with every write.</summary>
public static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    public const int Any = 0;

    /// <summary>The version named by If-Match: null when there is none, <see cref="Any"/> for <c>*</c>,
    /// or -1 when it names no version we issued (it can then never match).</summary>
    public static int? IfMatchVersion(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return null;
        }
        var value = header.ToString().Trim();
        if (value == "*")
        {
            return Any;
        }
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        return value.Length > 2 && value[0] == '"' && value[^1] == '"' && int.TryParse(value.AsSpan(1, value.Length - 2), out var v) && v > 0
            ? v
            : -1;
    }

    public static bool NoneMatch(StringValues header, int version)
    {
        var etag = For(version);
        foreach (var value in header)
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (part == "*" || part == etag || part == "W/" + etag)
                {
                    return true;
                }
            }
        }
        return false;
    }
}
