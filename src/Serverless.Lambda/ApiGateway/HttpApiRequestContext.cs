using System.Text.Json;

namespace Serverless.Lambda.ApiGateway;

/// <summary><c>requestContext</c> of payload 2.0.</summary>
public sealed class HttpApiRequestContext
{
    public string? Stage { get; init; }

    public string? RequestId { get; init; }

    public string? DomainName { get; init; }

    public string? ApiId { get; init; }

    public HttpApiRequestDescription? Http { get; init; }

    public JsonElement? Authorizer { get; init; }
}
