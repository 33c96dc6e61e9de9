using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SSM;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// Lets the primary region's API invalidate this distribution, and only this one. Both halves live in
/// the Edge stack, which already depends on the regional stacks (it needs their APIs as origins): the
/// distribution id goes to an SSM parameter the API reads at start-up, and the permission is a policy
/// attached to the API's role from here. A reference the other way (App to Edge) would be a cycle.
/// </summary>
public sealed class EdgeInvalidation : Construct
{
    public EdgeInvalidation(Construct scope, string id, EdgeInvalidationProps props) : base(scope, id)
    {
        new StringParameter(this, "DistributionId", new StringParameterProps
        {
            ParameterName = ResourceNames.DistributionIdParameter(props.Config),
            StringValue = props.Distribution.DistributionId,
            Description = "The CloudFront distribution the primary API invalidates on publish",
        });
        new Policy(this, "CreateInvalidation", new PolicyProps
        {
            Roles = [props.InvalidatorRole],
            Statements =
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Actions = ["cloudfront:CreateInvalidation"],
                    Resources = [Stack.Of(this).FormatArn(new ArnComponents
                    {
                        Service = "cloudfront",
                        Region = "",
                        Resource = "distribution",
                        ResourceName = props.Distribution.DistributionId,
                    })],
                }),
            ],
        });
    }

    /// <summary>
    /// CloudFront's API (cloudfront.amazonaws.com) has no VPC endpoint, so the API in its isolated subnets
    /// reaches it only through a NAT gateway. Without one the API is not told to invalidate (it would only
    /// time out and open its breaker) and edge copies expire by their s-maxage (docs/caching.md).
    /// </summary>
    public static bool IsReachable(PlatformConfig config) => config.Network.NatGateways > 0;

    /// <summary>The API may read the parameter (by name: it is created later, by the Edge stack).</summary>
    public static void GrantReadDistributionId(IGrantable grantee, PlatformConfig config, Stack stack) =>
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["ssm:GetParameter"],
            Resources = [stack.FormatArn(new ArnComponents
            {
                Service = "ssm",
                Resource = "parameter",
                ResourceName = ResourceNames.DistributionIdParameter(config).TrimStart('/'),
            })],
        }));
}
