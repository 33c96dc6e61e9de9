namespace Serverless.Lambda.ApiGateway;

/// <summary>HTTP API proxy event: payload format 2.0.</summary>
public sealed class HttpApiRequest
{
    public string? Version { get; init; }

    public string? RouteKey { get; init; }

    /// <summary>The path as the client encoded it (AWS's fixtures and Function URLs keep escapes such as %2D); decoded once.</summary>
    public string? RawPath { get; init; }

    /// <summary>The query exactly as the client sent it.</summary>
    public string? RawQueryString { get; init; }

    public List<string>? Cookies { get; init; }

    /// <summary>One value per name: repeated headers arrive joined with commas.</summary>
    public Dictionary<string, string?>? Headers { get; init; }

    public HttpApiRequestContext? RequestContext { get; init; }

    public string? Body { get; init; }

    public bool IsBase64Encoded { get; init; }
}
