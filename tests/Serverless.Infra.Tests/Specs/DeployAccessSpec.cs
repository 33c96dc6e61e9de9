using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class DeployAccessSpec(Platforms platforms)
{
    [Fact]
    public void Only_this_repository_jobs_in_this_environment_can_assume_the_deploy_role()
    {
        foreach (var env in platforms.Both)
        {
            var role = env.Of(env.Stacks.DeployAccess!).Single("AWS::IAM::Role");
            var trust = Assert.Single(role["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
            var conditions = trust["Condition"]!["StringEquals"]!;

            Assert.Equal("sts:AssumeRoleWithWebIdentity", (string?)trust["Action"]);
            Assert.Equal("sts.amazonaws.com", (string?)conditions["token.actions.githubusercontent.com:aud"]);
            Assert.Equal($"repo:{env.Config.GitHub!.Repository}:environment:{env.Config.Environment}", (string?)conditions["token.actions.githubusercontent.com:sub"]);
        }
    }

    [Fact]
    public void The_deploy_role_can_only_assume_the_CDK_bootstrap_roles()
    {
        var policy = platforms.Production.Of(platforms.Production.Stacks.DeployAccess!).Single("AWS::IAM::Policy");
        var statement = Assert.Single(policy["PolicyDocument"]!["Statement"]!.AsArray())!;

        Assert.Equal(["sts:AssumeRole", "sts:TagSession"], statement["Action"]!.AsArray().Select(a => (string)a!).Order());
        Assert.Contains(":role/cdk-hnb659fds-*-role-", statement["Resource"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GitHub_authenticates_with_its_OIDC_provider_not_with_keys()
    {
        var template = platforms.Staging.Of(platforms.Staging.Stacks.DeployAccess!);

        var provider = template.Single("AWS::IAM::OIDCProvider");
        Assert.Equal("https://token.actions.githubusercontent.com", (string?)provider["Url"]);
        Assert.Empty(template.Resources("AWS::IAM::AccessKey"));
        Assert.Empty(template.Resources("AWS::IAM::User"));
    }
}
