using System.Text;
using CsCheck;

namespace Serverless.Lambda.Tests.Hosting.Differential;

/// <summary>CsCheck generators for requests that stress the translation: odd paths, repeated keys, comma-bearing headers.</summary>
public static class RequestGenerator
{
    private static readonly Gen<PathPiece> Piece = Gen.Select(
        Gen.OneOf("a", "Z", "0", "-", ".", "_", "~", "+", " ", "/", "%", "é", "日", "😀", "!", "$", "&", "'", "(", ")", "*", ",", ";", "=", ":", "@"),
        Gen.Frequency((3, Gen.Const(false)), (1, Gen.Const(true))),
        (text, force) => new PathPiece(text, force));

    // Every segment starts with a letter so none is a dot-segment that servers normalise away.
    private static readonly Gen<IReadOnlyList<PathPiece>> Segment =
        Piece.List[0, 5].Select(pieces => (IReadOnlyList<PathPiece>)[new PathPiece("s", false), .. pieces]);

    private static readonly Gen<string> QueryValue =
        Gen.OneOf("x", "1", " ", "+", "&", "=", "é", "😀", "/", "?", "%", ",").List[0, 5].Select(string.Concat);

    private static readonly Gen<KeyValuePair<string, string>> QueryPair =
        Gen.Select(Gen.OneOf("a", "b", "tag", "q"), QueryValue, (k, v) => new KeyValuePair<string, string>(k, v));

    private static readonly Gen<KeyValuePair<string, string>> Header = Gen.Select(
        Gen.OneOf("x-h-a", "x-h-b", "x-h-date", "x-h-list"),
        Gen.OneOf("v1", "a, b", "Tue, 25 Nov 2026 10:00:00 GMT", "\"quoted, value\"", "", "semi;colon=1", "x=y,z"),
        (name, value) => new KeyValuePair<string, string>(name, value));

    private static readonly Gen<(string? Type, byte[] Body, bool Base64)> Body = Gen.Frequency(
        (1, Gen.Const<(string?, byte[], bool)>((null, [], false))),
        (1, Gen.Select(
            Gen.OneOf("hello", " ", "café", "😀", "\n", "{\"a\":1}", "ü", "a+b%2F").List[1, 8].Select(string.Concat),
            Gen.OneOf("text/plain; charset=utf-8", "application/json"),
            Gen.Bool,
            (text, type, base64) => ((string?)type, Encoding.UTF8.GetBytes(text), base64))),
        (1, Gen.Select(
            Gen.Byte.Array[1, 300],
            Gen.OneOf<string?>("application/octet-stream", "image/png", null),
            (bytes, type) => (type, bytes, true))));

    public static readonly Gen<GeneratedRequest> Request =
        from segments in Segment.List[1, 3]
        from query in QueryPair.List[0, 5]
        from headers in Header.List[0, 5]
        from cookie in Gen.OneOf<string?>(null, "c1=v1", "c1=v1; c2=v%202")
        from body in Body
        from method in body.Body.Length > 0 ? Gen.OneOf("POST", "PUT", "PATCH") : Gen.OneOf("GET", "DELETE", "POST")
        from status in Gen.OneOf(200, 201, 404, 418)
        from compressed in Gen.Bool
        select new GeneratedRequest(
            method,
            [.. segments],
            [.. query],
            [.. headers],
            cookie,
            body.Type,
            body.Body,
            body.Base64,
            status,
            compressed && body.Body.Length > 0);
}
