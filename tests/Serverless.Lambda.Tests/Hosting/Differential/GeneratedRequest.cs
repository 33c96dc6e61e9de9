using System.Globalization;
using System.Text;

namespace Serverless.Lambda.Tests.Hosting.Differential;

/// <summary>
/// One generated request: logical (decoded) path segments and query pairs, header lines and a body,
/// plus how the endpoint should answer. Knows how a client would put it on the wire.
/// </summary>
public sealed record GeneratedRequest(
    string Method,
    IReadOnlyList<IReadOnlyList<PathPiece>> Segments,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Cookie,
    string? ContentType,
    byte[] Body,
    bool BodyAsBase64,
    int Status,
    bool Compressed)
{
    public const string Stage = "prod";

    public string ProbeId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The decoded path as an HTTP API (payload 2.0) delivers it: even an encoded slash arrives as '/'.</summary>
    public string LogicalPath => "/d/" + string.Join('/', Segments.Select(s => string.Concat(s.Select(p => p.Text))));

    public string EncodedPath => "/d/" + string.Join('/', Segments.Select(s => string.Concat(s.Select(p => p.Encode()))));

    public string EncodedQuery => string.Join('&', Query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));

    /// <summary>Every header line the client sends, in order, framing included.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> WireHeaders()
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", "localhost"),
            new("x-probe", ProbeId),
            new("x-status", Status.ToString(CultureInfo.InvariantCulture)),
        };
        if (Compressed)
        {
            headers.Add(new("x-compress", "1"));
        }

        headers.AddRange(Headers);
        if (Cookie is not null)
        {
            headers.Add(new("Cookie", Cookie));
        }

        if (ContentType is not null)
        {
            headers.Add(new("Content-Type", ContentType));
        }

        if (Body.Length > 0)
        {
            headers.Add(new("Content-Length", Body.Length.ToString(CultureInfo.InvariantCulture)));
        }

        headers.Add(new("Connection", "close"));
        return headers;
    }

    /// <summary>
    /// The same request with repeated header lines joined by commas, as payload 2.0 carries them: the
    /// form in which a Kestrel client and an HTTP API client send an equivalent request.
    /// </summary>
    public GeneratedRequest WithHeadersJoined() => this with
    {
        Headers = [.. Headers
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new KeyValuePair<string, string>(g.Key, string.Join(',', g.Select(h => h.Value))))],
    };

    public RawHttpRequest ToKestrelRequest()
    {
        var target = "/" + Stage + EncodedPath + (Query.Count > 0 ? "?" + EncodedQuery : string.Empty);
        return new RawHttpRequest(Method, target, WireHeaders(), Body);
    }

    public override string ToString() =>
        $"{Method} {EncodedPath}?{EncodedQuery} headers=[{string.Join("; ", Headers.Select(h => h.Key + ": " + h.Value))}] cookie={Cookie} type={ContentType} body={Convert.ToBase64String(Body)} base64={BodyAsBase64} status={Status} gzip={Compressed}";

    public string BodyText => Encoding.UTF8.GetString(Body);
}
