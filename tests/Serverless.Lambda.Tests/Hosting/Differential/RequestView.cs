namespace Serverless.Lambda.Tests.Hosting.Differential;

/// <summary>What the endpoint saw of a request; two servers agree when these serialise identically.</summary>
public sealed record RequestView(
    string Method,
    string PathBase,
    string Path,
    SortedDictionary<string, string?[]> Query,
    SortedDictionary<string, string?[]> Headers,
    string BodyBase64,
    string? RemoteIp);
