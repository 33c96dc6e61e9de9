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

    /// <summary>A first production deploy (Multi-AZ database, cross-region replicas, caches, a canary)
    /// takes well over the default hour; the workflow asks for this much (role-duration-seconds).</summary>
    public const int MaxSessionHours = 3;

    public Role DeployRole { get; }

    /// <summary>For the diff shown before the approval: may only read, through the CDK lookup roles.</summary>
    public Role DiffRole { get; }

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
            MaxSessionDuration = Duration.Hours(MaxSessionHours),
            AssumedBy = GitHubEnvironment(providerArn, props.GitHub.Repository, props.Config.Environment),
        });

        // cdk deploy works by assuming the bootstrap roles of each target region; nothing else is needed.
        DeployRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["sts:AssumeRole", "sts:TagSession"],
            Resources = [$"arn:{Partition}:iam::{Account}:role/cdk-hnb659fds-*-role-{Account}-*"],
        }));

        // Its own GitHub environment ("<env>-diff", no reviewers), so the diff runs before the approval
        // that guards the deploy role; the lookup roles are read-only.
        DiffRole = new Role(this, "DiffRole", new RoleProps
        {
            Description = $"GitHub Actions cdk diff of {props.GitHub.Repository} against {props.Config.Environment}",
            MaxSessionDuration = Duration.Hours(1),
            AssumedBy = GitHubEnvironment(providerArn, props.GitHub.Repository, DiffEnvironment(props.Config.Environment)),
        });
        DiffRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["sts:AssumeRole", "sts:TagSession"],
            Resources = [$"arn:{Partition}:iam::{Account}:role/cdk-hnb659fds-lookup-role-{Account}-*"],
        }));

        new CfnOutput(this, "DeployRoleArn", new CfnOutputProps
        {
            Value = DeployRole.RoleArn,
            Description = "Set as the AWS_DEPLOY_ROLE_ARN variable of the GitHub environment",
        });
        new CfnOutput(this, "DiffRoleArn", new CfnOutputProps
        {
            Value = DiffRole.RoleArn,
            Description = "Set as the AWS_DIFF_ROLE_ARN variable of the GitHub environment <env>-diff",
        });
    }

    /// <summary>The GitHub environment whose jobs may show a diff against <paramref name="environment"/>.</summary>
    public static string DiffEnvironment(string environment) => $"{environment}-diff";

    private static FederatedPrincipal GitHubEnvironment(string providerArn, string repository, string environment) =>
        new(providerArn, new Dictionary<string, object>
        {
            ["StringEquals"] = new Dictionary<string, object>
            {
                [$"{GitHubIssuer}:aud"] = "sts.amazonaws.com",
                [$"{GitHubIssuer}:sub"] = $"repo:{repository}:environment:{environment}",
            },
        }, "sts:AssumeRoleWithWebIdentity");
}
