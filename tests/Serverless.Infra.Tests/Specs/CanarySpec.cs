using System.Text.Json.Nodes;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// A deployment rolls back on what the new version does, not on the alias's mix of old and new, and
/// on the 500s the app answers (which Lambda counts as successes); a smoke check runs before traffic.
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed class CanarySpec(Platforms platforms)
{
    private static IEnumerable<(string Host, CfnTemplate App)> Functions(SynthesizedEnvironment env) =>
        env.Stacks.Regions.SelectMany(r => new[] { "api", "worker" }
            .Where(h => h == "api" || r == env.Stacks.Primary)
            .Select(h => (h, env.Of(r.App))));

    private static List<CfnResource> RollbackAlarms(CfnTemplate app, string host)
    {
        var prefix = host == "api" ? "ApiFunction" : "JobsWorker";
        var group = Assert.Single(app.Resources("AWS::CodeDeploy::DeploymentGroup"), g => g.LogicalId.StartsWith(prefix, StringComparison.Ordinal));
        var names = group["AlarmConfiguration"]!["Alarms"]!.AsArray().Select(a => (string)a!["Name"]!["Ref"]!).ToList();
        return app.Resources("AWS::CloudWatch::Alarm").Where(a => names.Contains(a.LogicalId)).ToList();
    }

    private static string VersionOf(CfnTemplate app, string host)
    {
        var prefix = host == "api" ? "ApiFunctionCurrentVersion" : "JobsWorkerFunctionCurrentVersion";
        return Assert.Single(app.Resources("AWS::Lambda::Version"), v => v.LogicalId.StartsWith(prefix, StringComparison.Ordinal)).LogicalId;
    }

    private static string? Dimension(CfnResource alarm, string name) =>
        alarm["Dimensions"]?.AsArray().FirstOrDefault(d => (string?)d!["Name"] == name)?["Value"]?.ToJsonString();

    [Fact]
    public void Every_function_rolls_back_on_errors_of_the_new_version_itself()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var (host, app) in Functions(env))
            {
                var version = VersionOf(app, host);

                Assert.Contains(RollbackAlarms(app, host), a => (string?)a["Namespace"] == "AWS/Lambda" && (string?)a["MetricName"] == "Errors"
                    && Dimension(a, "ExecutedVersion") == $$"""{"Fn::GetAtt":["{{version}}","Version"]}"""
                    && (Dimension(a, "Resource") ?? "").Contains(":live", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void The_API_rolls_back_on_server_errors_the_new_version_answers()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var (_, app) in Functions(env).Where(f => f.Host == "api"))
            {
                var version = VersionOf(app, "api");
                var api = FunctionGrants.Of(app, "api");

                var alarm = Assert.Single(RollbackAlarms(app, "api"), a => (string?)a["MetricName"] == "serverless.api.server_errors");
                Assert.Equal("Serverless", (string?)alarm["Namespace"]);
                Assert.Equal("\"api\"", Dimension(alarm, "Service"));
                Assert.Equal($$"""{"Fn::GetAtt":["{{version}}","Version"]}""", Dimension(alarm, "faas.version"));
                // The EMF exporter turns the counter's version tag into that dimension.
                Assert.Equal("faas.version", api.Variable("Lambda__Metrics__Dimensions__0"));
            }
        }
    }

    [Fact]
    public void A_pre_traffic_hook_smoke_checks_the_new_API_version_before_any_traffic_moves()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var (_, app) in Functions(env).Where(f => f.Host == "api"))
            {
                var alias = Assert.Single(app.Resources("AWS::Lambda::Alias"), a => a.LogicalId.StartsWith("ApiFunction", StringComparison.Ordinal));
                var hookId = (string)alias.Json["UpdatePolicy"]!["CodeDeployLambdaAliasUpdate"]!["BeforeAllowTrafficHook"]!["Ref"]!;
                var hook = app.AllResources.Single(r => r.LogicalId == hookId);

                Assert.Equal("nodejs22.x", (string?)hook["Runtime"]);
                Assert.Equal("/health/ready", (string?)hook["Environment"]!["Variables"]!["CHECK_PATH"]);
                Assert.Contains(VersionOf(app, "api"), hook["Environment"]!["Variables"]!["TARGET_VERSION_ARN"]!.ToJsonString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_hook_may_only_invoke_the_API_versions_and_report_to_CodeDeploy()
    {
        foreach (var env in platforms.Both)
        {
            var app = env.Of(env.Stacks.Primary.App);
            var hook = Assert.Single(app.Resources("AWS::Lambda::Function"), f => f.LogicalId.StartsWith("ApiFunctionPreTraffic", StringComparison.Ordinal));
            var grants = new FunctionGrants(app, hook);

            Assert.Equal(["codedeploy:PutLifecycleEventHookExecutionStatus", "lambda:InvokeFunction"], grants.AllActions.Order());
            var invoke = Assert.Single(grants.ResourcesOf("lambda:InvokeFunction"));
            Assert.Contains("ApiFunction", invoke, StringComparison.Ordinal);
            Assert.EndsWith(":*\"]]}", invoke, StringComparison.Ordinal);
            Assert.Contains("deploymentgroup", Assert.Single(grants.ResourcesOf("codedeploy:PutLifecycleEventHookExecutionStatus")), StringComparison.Ordinal);
            // Outside the VPC: it only talks to the Lambda and CodeDeploy APIs.
            Assert.Null(hook["VpcConfig"]);
        }
    }
}
