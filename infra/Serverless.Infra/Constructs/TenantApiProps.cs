using Amazon.CDK.AWS.Lambda;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed record TenantApiProps
{
    public required PlatformConfig Config { get; init; }

    /// <summary>The API function's "live" alias, so API Gateway follows CodeDeploy's traffic shifting.</summary>
    public required IFunction Handler { get; init; }

    /// <summary>The JWT authorizer function's "live" alias (the API's artifact as host "authorizer").</summary>
    public required IFunction Authorizer { get; init; }
}
