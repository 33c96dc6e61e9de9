namespace Serverless.Lambda.ApiGateway;

/// <summary>REST API (and HTTP API 1.0) proxy event: payload format 1.0.</summary>
public sealed class RestApiRequest
{
    public string? Version { get; init; }

    public string? Resource { get; init; }

    /// <summary>The request path as the client sent it, still percent-encoded; without the stage on the execute-api host.</summary>
    public string? Path { get; init; }

    public string? HttpMethod { get; init; }

    public Dictionary<string, string?>? Headers { get; init; }

    public Dictionary<string, List<string?>?>? MultiValueHeaders { get; init; }

    /// <summary>Values arrive percent-decoded.</summary>
    public Dictionary<string, string?>? QueryStringParameters { get; init; }

    /// <summary>Values arrive percent-decoded.</summary>
    public Dictionary<string, List<string?>?>? MultiValueQueryStringParameters { get; init; }

    public RestApiRequestContext? RequestContext { get; init; }

    public string? Body { get; init; }

    public bool IsBase64Encoded { get; init; }
}
