using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace Serverless.Api.Features.Review;

/// <summary>A queue page's ETag: the SHA-256 of its JSON (shortened), so it changes exactly when the page does.</summary>
public static class ListETag
{
    public static string For(ReviewList list)
    {
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(list, ReviewApiJsonContext.Default.ReviewList));
        return $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}\"";
    }

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
