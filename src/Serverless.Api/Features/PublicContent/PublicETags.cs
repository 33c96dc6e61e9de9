using Microsoft.Extensions.Primitives;

namespace Serverless.Api.Features.PublicContent;

/// <summary>If-None-Match against a strong ETag (the header uses weak comparison, so W/ matches too).</summary>
public static class PublicETags
{
    public static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
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
