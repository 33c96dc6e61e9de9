using Microsoft.AspNetCore.Http;
using Serverless.Lambda.ApiGateway;
using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Hosting;

public static class HttpContextLambdaExtensions
{
    /// <summary>The Lambda invocation context, or null when served by Kestrel.</summary>
    public static LambdaInvocationContext? GetLambdaInvocation(this HttpContext context) =>
        context?.Features.Get<ILambdaInvocationFeature>()?.Invocation;

    /// <summary>What API Gateway vouched for (API key id, stage), or null when served by Kestrel.</summary>
    public static IApiGatewayRequestFeature? GetApiGatewayRequest(this HttpContext context) =>
        context?.Features.Get<IApiGatewayRequestFeature>();

    /// <summary>What the API Gateway authorizer said (claims as data), or null when served by Kestrel.</summary>
    public static IApiGatewayAuthorizerFeature? GetApiGatewayAuthorizer(this HttpContext context) =>
        context?.Features.Get<IApiGatewayAuthorizerFeature>();
}
