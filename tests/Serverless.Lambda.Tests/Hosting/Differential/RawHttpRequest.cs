namespace Serverless.Lambda.Tests.Hosting.Differential;

/// <summary>An HTTP/1.1 request as bytes on the wire: the target is sent exactly as given.</summary>
public sealed record RawHttpRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);
