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
            var role = Role(env, "DeployRole");
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
        var policy = Policy(platforms.Production, "DeployRole");
        var statement = Assert.Single(policy["PolicyDocument"]!["Statement"]!.AsArray())!;

        Assert.Equal(["sts:AssumeRole", "sts:TagSession"], statement["Action"]!.AsArray().Select(a => (string)a!).Order());
        Assert.Contains(":role/cdk-hnb659fds-*-role-", statement["Resource"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_diff_role_trusts_only_the_diff_environment_and_can_only_assume_the_read_only_lookup_roles()
    {
        foreach (var env in platforms.Both)
        {
            var trust = Assert.Single(Role(env, "DiffRole")["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
            var statement = Assert.Single(Policy(env, "DiffRole")["PolicyDocument"]!["Statement"]!.AsArray())!;

            Assert.Equal($"repo:{env.Config.GitHub!.Repository}:environment:{env.Config.Environment}-diff",
                (string?)trust["Condition"]!["StringEquals"]!["token.actions.githubusercontent.com:sub"]);
            Assert.Equal(["sts:AssumeRole", "sts:TagSession"], statement["Action"]!.AsArray().Select(a => (string)a!).Order());
            Assert.Contains(":role/cdk-hnb659fds-lookup-role-", statement["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_deploy_session_may_last_as_long_as_a_first_production_deploy()
    {
        var role = Role(platforms.Production, "DeployRole");

        Assert.Equal(Serverless.Infra.Stacks.DeployAccessStack.MaxSessionHours * 3600, (int)role["MaxSessionDuration"]!);
        Assert.True(Serverless.Infra.Stacks.DeployAccessStack.MaxSessionHours >= 3);
    }

    private static CfnResource Role(SynthesizedEnvironment env, string name) =>
        Assert.Single(env.Of(env.Stacks.DeployAccess!).Resources("AWS::IAM::Role"), r => r.LogicalId.StartsWith(name, StringComparison.Ordinal));

    private static CfnResource Policy(SynthesizedEnvironment env, string role) =>
        Assert.Single(env.Of(env.Stacks.DeployAccess!).Resources("AWS::IAM::Policy"), p => p.Text("Roles").Contains(role, StringComparison.Ordinal));

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
