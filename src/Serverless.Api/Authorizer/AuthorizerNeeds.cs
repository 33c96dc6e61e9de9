using Serverless.Aws.Permissions;

namespace Serverless.Api.Authorizer;

/// <summary>The authorizer reads API keys with their values (GetApiKeys), over the regional control-plane endpoint.</summary>
public sealed class AuthorizerNeeds : IAwsNeeds
{
    public const string Component = "authorizer";

    public IEnumerable<AwsNeed> Needs(AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        yield return AwsNeed.Call(Component, "apigateway:GET", scope.Arn("apigateway", "/apikeys", global: true));
        yield return AwsNeed.Reach(Component, scope.Endpoint("apigateway"));
    }
}
