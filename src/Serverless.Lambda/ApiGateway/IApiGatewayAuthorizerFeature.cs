using System.Security.Claims;

namespace Serverless.Lambda.ApiGateway;

/// <summary>
/// What the API Gateway authorizer put in <c>requestContext.authorizer</c>, carried as data. The app may
/// consult it (e.g. a Lambda authorizer's tenant hint), but <c>HttpContext.User</c> stays anonymous unless
/// the host opted in: the app validates credentials itself.
/// </summary>
public interface IApiGatewayAuthorizerFeature
{
    /// <summary>Empty when there was no authorizer (or it said nothing).</summary>
    IReadOnlyList<Claim> Claims { get; }
}
