namespace Serverless.Lambda.ApiGateway;

/// <summary><c>requestContext.identity</c> of payload 1.0.</summary>
public sealed class RestApiRequestIdentity
{
    public string? SourceIp { get; init; }

    public string? ApiKeyId { get; init; }

    public string? UserAgent { get; init; }
}
