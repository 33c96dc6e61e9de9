namespace Serverless.Lambda.ApiGateway;

public sealed record ApiGatewayRequestFeature(
    PayloadFormat Format,
    string? RequestId,
    string? Stage,
    string? ApiKeyId,
    string? DomainName,
    string? ApiId) : IApiGatewayRequestFeature;
