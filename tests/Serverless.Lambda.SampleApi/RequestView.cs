namespace Serverless.Lambda.SampleApi;

/// <summary>What an endpoint sees of a request, echoed back so the tests can compare.</summary>
public sealed record RequestView(
    string Method,
    string PathBase,
    string Path,
    Dictionary<string, string?[]> Query,
    Dictionary<string, string?[]> Headers,
    string BodyBase64,
    string? RemoteIp,
    string TraceIdentifier);
