using System.Text.Json;

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

/// <summary><c>requestContext</c> of payload 1.0.</summary>
public sealed class RestApiRequestContext
{
    /// <summary>The full path the client used, with the stage or custom-domain base path.</summary>
    public string? Path { get; init; }

    public string? Stage { get; init; }

    public string? RequestId { get; init; }

    public string? DomainName { get; init; }

    public string? ApiId { get; init; }

    public RestApiRequestIdentity? Identity { get; init; }

    public JsonElement? Authorizer { get; init; }
}

/// <summary><c>requestContext.identity</c> of payload 1.0.</summary>
public sealed class RestApiRequestIdentity
{
    public string? SourceIp { get; init; }

    public string? ApiKeyId { get; init; }

    public string? UserAgent { get; init; }
}
