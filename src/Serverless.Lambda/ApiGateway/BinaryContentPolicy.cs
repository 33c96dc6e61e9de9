using System.Text;
using Microsoft.Net.Http.Headers;

namespace Serverless.Lambda.ApiGateway;

/// <summary>
/// Decides whether a response body travels base64-encoded. Text only when it is known to be text and is
/// valid UTF-8; everything else (compressed, binary, unknown) is base64, so no byte is ever lost.
/// </summary>
public sealed class BinaryContentPolicy(IEnumerable<string> binaryMediaTypes)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly string[] _binary = [.. binaryMediaTypes];

    public bool ShouldEncode(string? contentType, string? contentEncoding, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }

        if (!string.IsNullOrWhiteSpace(contentEncoding) && !contentEncoding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
        {
            return true;
        }

        if (_binary.Any(pattern => Matches(pattern, mediaType)) || !IsText(mediaType))
        {
            return true;
        }

        try
        {
            _ = StrictUtf8.GetCharCount(body);
            return false;
        }
        catch (DecoderFallbackException)
        {
            return true;
        }
    }

    private static bool IsText(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/graphql", StringComparison.OrdinalIgnoreCase);

    private static bool Matches(string pattern, string mediaType) =>
        pattern == "*/*"
        || (pattern.EndsWith("/*", StringComparison.Ordinal)
            ? mediaType.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : pattern.Equals(mediaType, StringComparison.OrdinalIgnoreCase));
}
