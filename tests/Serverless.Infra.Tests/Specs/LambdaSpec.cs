using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class LambdaSpec(Platforms platforms)
{
    // The AOT hosts, told apart by Serverless__Host; CDK's custom-resource providers and the Node.js
    // pre-traffic hook are helpers of the deployment, not our code.
    private static IEnumerable<CfnResource> OurFunctions(CfnTemplate app) =>
        app.Resources("AWS::Lambda::Function").Where(f => f["Environment"]?["Variables"]?["Serverless__Host"] is not null);

    [Fact]
    public void The_API_and_its_authorizer_run_everywhere_and_the_worker_only_in_the_primary()
    {
        var env = platforms.Production;

        Assert.Equal(3, OurFunctions(env.Of(env.Stacks.Primary.App)).Count());
        Assert.All(env.Stacks.Secondaries, s => Assert.Equal(2, OurFunctions(env.Of(s.App)).Count()));
    }

    [Fact]
    public void Our_functions_run_the_AOT_bootstrap_on_provided_al2023_inside_the_VPC_but_the_authorizer()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                Assert.All(OurFunctions(env.Of(region.App)), fn =>
                {
                    Assert.Equal("provided.al2023", (string?)fn["Runtime"]);
                    Assert.Equal("bootstrap", (string?)fn["Handler"]);
                    Assert.Equal("Active", (string?)fn["TracingConfig"]!["Mode"]);
                    // The authorizer needs no data and reads API Gateway's control plane: outside (AuthorizerSpec).
                    if ((string?)fn["Environment"]!["Variables"]!["Serverless__Host"] != "authorizer")
                    {
                        Assert.NotEmpty(fn["VpcConfig"]!["SubnetIds"]!.AsArray());
                    }
                });
            }
        }
    }

    [Fact]
    public void The_deployed_code_is_the_configured_artifact()
    {
        var env = platforms.Staging;
        var api = Assert.Single(OurFunctions(env.Of(env.Stacks.Primary.App)), f => f.LogicalId.StartsWith("ApiFunction", StringComparison.Ordinal));

        var staged = Path.Combine(env.OutputDirectory, "asset." + (string)api["Code"]!["S3Key"]!);

        Assert.Equal(File.ReadAllBytes(env.Config.Lambda.ApiArtifact), File.ReadAllBytes(staged));
    }

    [Fact]
    public void The_configured_artifacts_are_the_zips_that_scripts_package_lambda_sh_produces()
    {
        foreach (var env in platforms.Both)
        {
            var configured = Serverless.Infra.Config.ConfigLoader.Load(RepoPaths.Of("infra", "config", env.Config.Environment + ".json"), RepoPaths.Root).Lambda;

            Assert.Equal(RepoPaths.Of("artifacts", "lambda", "serverless-api.zip"), configured.ApiArtifact);
            Assert.Equal(RepoPaths.Of("artifacts", "lambda", "serverless-worker.zip"), configured.WorkerArtifact);
        }
    }

    [Fact]
    public void Metrics_land_in_the_namespace_the_dashboards_read_under_a_stable_service_name()
    {
        var env = platforms.Staging;
        var functions = OurFunctions(env.Of(env.Stacks.Primary.App)).ToList();

        Assert.All(functions, fn => Assert.Equal("Serverless", (string?)fn["Environment"]!["Variables"]!["Lambda__Metrics__Namespace"]));
        Assert.Equal(["api", "authorizer", "worker"], functions.Select(fn => (string)fn["Environment"]!["Variables"]!["Lambda__Metrics__Service"]!).Order());
    }

    [Fact]
    public void Production_shifts_traffic_with_a_ten_percent_canary_that_rolls_back_on_alarm()
    {
        var app = platforms.Production.Of(platforms.Production.Stacks.Primary.App);

        Assert.All(app.Resources("AWS::CodeDeploy::DeploymentGroup"), group =>
        {
            Assert.Equal("CodeDeployDefault.LambdaCanary10Percent5Minutes", (string?)group["DeploymentConfigName"]);
            Assert.True((bool?)group["AlarmConfiguration"]!["Enabled"]);
            Assert.NotEmpty(group["AlarmConfiguration"]!["Alarms"]!.AsArray());
            Assert.Contains("DEPLOYMENT_STOP_ON_ALARM", group.Text("AutoRollbackConfiguration"), StringComparison.Ordinal);
        });
        Assert.All(app.Resources("AWS::Lambda::Alias"), alias => Assert.Equal("live", (string?)alias["Name"]));
    }

    [Fact]
    public void Staging_deploys_all_at_once_with_the_same_alias_shape()
    {
        var app = platforms.Staging.Of(platforms.Staging.Stacks.Primary.App);

        Assert.All(app.Resources("AWS::CodeDeploy::DeploymentGroup"), group =>
            Assert.Equal("CodeDeployDefault.LambdaAllAtOnce", (string?)group["DeploymentConfigName"]));
    }

    [Fact]
    public void Secrets_reach_the_functions_as_Parameter_Store_references()
    {
        var env = platforms.Production;
        var secondary = env.Stacks.Secondaries[0];
        var api = Assert.Single(OurFunctions(env.Of(secondary.App)), f => (string?)f["Environment"]!["Variables"]!["Serverless__Host"] == "api");
        var variables = api["Environment"]!["Variables"]!.AsObject();

        Assert.Equal("/aws/reference/secretsmanager/serverless/production/db-app", (string?)variables["Database__CredentialsParameter"]);
        Assert.Equal("/aws/reference/secretsmanager/serverless/production/cache-auth", (string?)variables["Redis__AuthParameter"]);
        Assert.Equal("/aws/reference/secretsmanager/serverless/production/consistency-key", (string?)variables["Region__ConsistencyKeyParameter"]);
        Assert.Equal(env.Config.Primary.Region, (string?)variables["Region__Primary"]);
        Assert.NotEqual(variables["Region__Primary"]!.ToJsonString(), variables["Region__Current"]!.ToJsonString());
        Assert.True(variables.ContainsKey("Region__PrimaryApiUrl"), "a secondary redirects writes to the primary's API");
        Assert.Contains("DatabaseInstance", variables["Database__Host"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(secondary.Data.StackName, variables["Database__Host"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(variables, v => v.Value!.ToJsonString().Contains("{{resolve", StringComparison.Ordinal));
        Assert.Equal("false", (string?)variables["DOTNET_hostBuilder__reloadConfigOnChange"]);
    }
}
