using System.Text.Json;

namespace Serverless.Lambda.ApiGateway;

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
