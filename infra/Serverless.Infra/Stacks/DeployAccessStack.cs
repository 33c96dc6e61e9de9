using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace Serverless.Infra.Stacks;

/// <summary>
/// The role GitHub Actions assumes with its OIDC token, instead of stored access keys. It trusts only
/// this repository's jobs running in this environment (so the environment's approval rule guards it),
/// and may do one thing: assume the CDK bootstrap roles, which carry the actual deploy permissions.
/// </summary>
public sealed class DeployAccessStack : Stack
{
    public const string GitHubIssuer = "token.actions.githubusercontent.com";

    public Role DeployRole { get; }

    public DeployAccessStack(Construct scope, string id, DeployAccessStackProps props) : base(scope, id, props)
    {
        var providerArn = $"arn:{Partition}:iam::{Account}:oidc-provider/{GitHubIssuer}";
        if (props.GitHub.CreateOidcProvider)
        {
            var provider = new CfnOIDCProvider(this, "GitHubOidc", new CfnOIDCProviderProps
            {
                Url = $"https://{GitHubIssuer}",
                ClientIdList = ["sts.amazonaws.com"],
            });
            providerArn = provider.AttrArn;
        }

        DeployRole = new Role(this, "DeployRole", new RoleProps
        {
            Description = $"GitHub Actions deploys of {props.GitHub.Repository} to {props.Config.Environment}",
            MaxSessionDuration = Duration.Hours(2),
            AssumedBy = new FederatedPrincipal(providerArn, new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object>
                {
                    [$"{GitHubIssuer}:aud"] = "sts.amazonaws.com",
                    [$"{GitHubIssuer}:sub"] = $"repo:{props.GitHub.Repository}:environment:{props.Config.Environment}",
                },
            }, "sts:AssumeRoleWithWebIdentity"),
        });

        // cdk deploy works by assuming the bootstrap roles of each target region; nothing else is needed.
        DeployRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["sts:AssumeRole", "sts:TagSession"],
            Resources = [$"arn:{Partition}:iam::{Account}:role/cdk-hnb659fds-*-role-{Account}-*"],
        }));

        new CfnOutput(this, "DeployRoleArn", new CfnOutputProps
        {
            Value = DeployRole.RoleArn,
            Description = "Set as the AWS_DEPLOY_ROLE_ARN variable of the GitHub environment",
        });
    }
}
