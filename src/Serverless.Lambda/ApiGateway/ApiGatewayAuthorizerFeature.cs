using System.Security.Claims;

namespace Serverless.Lambda.ApiGateway;

public sealed record ApiGatewayAuthorizerFeature(IReadOnlyList<Claim> Claims) : IApiGatewayAuthorizerFeature;
