using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// People sign in with tokens, not API keys: a REQUEST authorizer in front of /v1 validates the token and
/// hands API Gateway the tenant's usage-plan key (ApiKeySource AUTHORIZER), or passes a product's key
/// through. Without it every person's request is refused for want of an x-api-key.
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed class AuthorizerSpec(Platforms platforms)
{
    [Fact]
    public void The_API_takes_its_usage_key_from_the_authorizer()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                Assert.Equal("AUTHORIZER", (string?)env.Of(region.App).Single("AWS::ApiGateway::RestApi")["ApiKeySourceType"]);
            }
        }
    }

    [Fact]
    public void Every_v1_method_goes_through_one_uncached_REQUEST_authorizer_and_no_open_method_does()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                var app = env.Of(region.App);
                var authorizer = app.Single("AWS::ApiGateway::Authorizer");
                Assert.Equal("REQUEST", (string?)authorizer["Type"]);
                // A key-only request has no Authorization header and a token-only one no x-api-key: an
                // identity source would make API Gateway refuse one of them before the authorizer runs.
                Assert.Equal(0, (int?)authorizer["AuthorizerResultTtlInSeconds"]);
                Assert.True(string.IsNullOrEmpty((string?)authorizer["IdentitySource"]));
                Assert.Contains("AuthorizerFunctionAlias", authorizer.Text("AuthorizerUri"), StringComparison.Ordinal);

                var methods = app.Resources("AWS::ApiGateway::Method").ToList();
                var guarded = methods.Where(m => m.Text("AuthorizerId").Contains($"\"{authorizer.LogicalId}\"", StringComparison.Ordinal)).ToList();
                Assert.Equal(2, guarded.Count);
                Assert.All(guarded, m => Assert.Equal("CUSTOM", (string?)m["AuthorizationType"]));
                Assert.All(guarded, m => Assert.True((bool?)m["ApiKeyRequired"]));
                Assert.All(methods.Except(guarded), m => Assert.False((bool?)m["ApiKeyRequired"] ?? false));
            }
        }
    }

    [Fact]
    public void The_authorizer_runs_the_APIs_artifact_as_its_own_host_with_the_environments_issuer_outside_the_VPC()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                var app = env.Of(region.App);
                var authorizer = FunctionGrants.Of(app, "authorizer");
                var api = FunctionGrants.Of(app, "api");

                Assert.Equal(api.Function.Text("Code"), authorizer.Function.Text("Code"));
                Assert.Equal(env.Config.Auth.Issuer, authorizer.Variable("Jwt__Issuer"));
                Assert.Equal(env.Config.Auth.Audience, authorizer.Variable("Jwt__Audience"));
                Assert.Equal(env.Config.Auth.Authority, authorizer.Variable("Jwt__Authority"));
                // It reads API Gateway's control plane (apigateway.REGION.amazonaws.com), which no VPC endpoint
                // serves, and needs no database: outside the VPC it reaches both with no NAT.
                Assert.Null(authorizer.Function["VpcConfig"]);
                Assert.DoesNotContain(authorizer.Variables, v => v.Key.StartsWith("Database__", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void The_authorizers_role_may_read_API_keys_and_nothing_else_of_API_Gateway()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                var authorizer = FunctionGrants.Of(env.Of(region.App), "authorizer");

                var resources = authorizer.ResourcesOf("apigateway:GET");
                var only = Assert.Single(resources);
                Assert.Contains("::/apikeys", only, StringComparison.Ordinal);
                Assert.DoesNotContain("*", only, StringComparison.Ordinal);
                Assert.Equal(["apigateway:GET"], authorizer.AllActions.Where(a => a.StartsWith("apigateway:", StringComparison.Ordinal)));
                Assert.Empty(FunctionGrants.Of(env.Of(region.App), "api").ResourcesOf("apigateway:GET"));
            }
        }
    }

    [Fact]
    public void The_authorizers_401s_page_nobody_and_roll_nothing_back_its_own_failure_count_does()
    {
        var app = platforms.Production.Of(platforms.Production.Stacks.Primary.App);
        var authorizerAlarms = app.Resources("AWS::CloudWatch::Alarm").Where(a => a.LogicalId.StartsWith("AuthorizerFunction", StringComparison.Ordinal)).ToList();

        // An "Unauthorized" answer is a failed invocation: Lambda's Errors would count every bad token.
        Assert.NotEmpty(authorizerAlarms);
        Assert.All(authorizerAlarms, a => Assert.NotEqual("Errors", (string?)a["MetricName"]));
        Assert.Contains(authorizerAlarms, a => (string?)a["MetricName"] == "serverless.api.server_errors");
        var group = Assert.Single(app.Resources("AWS::CodeDeploy::DeploymentGroup"), g => g.LogicalId.StartsWith("AuthorizerFunction", StringComparison.Ordinal));
        Assert.Contains("AuthorizerFunctionNewVersionServerErrors", group.Text("AlarmConfiguration"), StringComparison.Ordinal);
    }
}
