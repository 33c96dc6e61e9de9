namespace Serverless.Lambda.ApiGateway;

/// <summary>
/// What API Gateway vouches for about a request. A feature, not a header, so a client cannot forge it.
/// </summary>
public interface IApiGatewayRequestFeature
{
    PayloadFormat Format { get; }

    string? RequestId { get; }

    string? Stage { get; }

    /// <summary>Id of the API key the REST API checked (usage plans); null on HTTP APIs.</summary>
    string? ApiKeyId { get; }

    string? DomainName { get; }

    string? ApiId { get; }
}
