using Serverless.Infra.Config;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class ApiSpec(Platforms platforms)
{
    private static string PathOf(CfnTemplate template, CfnResource method)
    {
        var id = method.Text("ResourceId");
        var resource = template.AllResources.Single(r => id.Contains($"\"{r.LogicalId}\"", StringComparison.Ordinal));
        var parent = resource.Text("ParentId");
        var parentPart = template.AllResources
            .Where(r => r.Type == "AWS::ApiGateway::Resource" && parent.Contains($"\"{r.LogicalId}\"", StringComparison.Ordinal))
            .Select(r => (string?)r["PathPart"])
            .SingleOrDefault();
        return $"/{(parentPart is null ? "" : parentPart + "/")}{(string?)resource["PathPart"]}";
    }

    [Fact]
    public void Tenant_routes_require_an_API_key_and_public_routes_do_not()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                var app = env.Of(region.App);
                var methods = app.Resources("AWS::ApiGateway::Method").Select(m => (Path: PathOf(app, m), Method: m)).ToList();

                var preflights = methods.Where(m => (string?)m.Method["HttpMethod"] == "OPTIONS").ToList();
                var tenant = methods.Where(m => m.Path.StartsWith("/v1", StringComparison.Ordinal)).Except(preflights).ToList();
                Assert.Equal(["/v1", "/v1/{proxy+}"], tenant.Select(m => m.Path).Order());
                Assert.All(tenant, m => Assert.True((bool?)m.Method["ApiKeyRequired"]));

                var open = methods.Except(tenant).Except(preflights).ToList();
                Assert.Contains(open, m => m.Path == "/public/{proxy+}");
                Assert.All(open, m => Assert.Equal("GET", (string?)m.Method["HttpMethod"]));
                Assert.All(open, m => Assert.False((bool?)m.Method["ApiKeyRequired"] ?? false));
            }
        }
    }

    [Fact]
    public void Browsers_preflights_reach_the_API_without_a_key_or_the_authorizer()
    {
        // A preflight carries no credentials; behind ANY with a key it would get API Gateway's 403 and every
        // browser front end would be refused. The API answers it itself (per-tenant origins, TenantCorsMiddleware).
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                var app = env.Of(region.App);
                var preflights = app.Resources("AWS::ApiGateway::Method")
                    .Where(m => (string?)m["HttpMethod"] == "OPTIONS").Select(m => (Path: PathOf(app, m), Method: m)).ToList();

                Assert.Equal(["/v1", "/v1/{proxy+}"], preflights.Select(m => m.Path).Order());
                Assert.All(preflights, m => Assert.False((bool?)m.Method["ApiKeyRequired"] ?? false));
                Assert.All(preflights, m => Assert.Equal("NONE", (string?)m.Method["AuthorizationType"] ?? "NONE"));
            }
        }
    }

    [Fact]
    public void Public_reads_have_their_own_method_throttle_below_the_stage_limit()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                var settings = env.Of(region.App).Single("AWS::ApiGateway::Stage")["MethodSettings"]!.AsArray();
                var stage = Assert.Single(settings, m => (string?)m!["ResourcePath"] == "/*")!;
                var reads = Assert.Single(settings, m => (string?)m!["ResourcePath"] == "/~1public~1{proxy+}")!;

                Assert.Equal("GET", (string?)reads["HttpMethod"]);
                Assert.Equal(env.Config.Api.PublicRateLimit, (double)reads["ThrottlingRateLimit"]!);
                Assert.Equal(env.Config.Api.PublicBurstLimit, (int)reads["ThrottlingBurstLimit"]!);
                Assert.True(env.Config.Api.PublicRateLimit < (double)stage["ThrottlingRateLimit"]!);
                Assert.True((bool?)reads["MetricsEnabled"]);
            }
        }
    }

    [Fact]
    public void Every_route_is_a_Lambda_proxy_to_the_live_alias()
    {
        var app = platforms.Production.Of(platforms.Production.Stacks.Primary.App);

        Assert.All(app.Resources("AWS::ApiGateway::Method"), m =>
        {
            Assert.Equal("AWS_PROXY", (string?)m["Integration"]!["Type"]);
            Assert.Contains("ApiFunctionAlias", m.Text("Integration"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Each_tier_has_a_usage_plan_with_its_throttle_and_monthly_quota()
    {
        foreach (var env in platforms.Both)
        {
            var app = env.Of(env.Stacks.Primary.App);
            var plans = app.Resources("AWS::ApiGateway::UsagePlan").ToList();

            Assert.Equal(env.Config.Api.Tiers.Count, plans.Count);
            foreach (var tier in env.Config.Api.Tiers)
            {
                var plan = Assert.Single(plans, p => ((string?)p["Description"])!.StartsWith($"Tier {tier.Name}:", StringComparison.Ordinal));
                Assert.Equal(tier.RateLimit, (double)plan["Throttle"]!["RateLimit"]!);
                Assert.Equal(tier.BurstLimit, (int)plan["Throttle"]!["BurstLimit"]!);
                Assert.Equal(tier.QuotaPerMonth, (int)plan["Quota"]!["Limit"]!);
                Assert.Equal("MONTH", (string?)plan["Quota"]!["Period"]);
            }
        }
    }

    [Fact]
    public void Onboarding_finds_each_tier_plan_in_Parameter_Store()
    {
        var env = platforms.Staging;
        var parameters = env.Of(env.Stacks.Primary.App).Resources("AWS::SSM::Parameter").ToList();

        foreach (var tier in env.Config.Api.Tiers)
        {
            var parameter = Assert.Single(parameters, p => (string?)p["Name"] == ResourceNames.UsagePlanParameter(env.Config, tier.Name));
            Assert.Contains($"{tier.Name}Plan", parameter.Text("Value"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_stage_throttles_writes_access_logs_and_traces()
    {
        foreach (var env in platforms.Both)
        {
            var stage = env.Of(env.Stacks.Primary.App).Single("AWS::ApiGateway::Stage");
            var settings = Assert.Single(stage["MethodSettings"]!.AsArray(), m => (string?)m!["ResourcePath"] == "/*")!;

            Assert.All(stage["MethodSettings"]!.AsArray(), m => Assert.False((bool?)m!["DataTraceEnabled"]));
            Assert.Equal(env.Config.Api.StageRateLimit, (double)settings["ThrottlingRateLimit"]!);
            Assert.Equal(env.Config.Api.StageBurstLimit, (int)settings["ThrottlingBurstLimit"]!);
            Assert.False((bool?)settings["DataTraceEnabled"]);
            Assert.Contains("AccessLogs", stage.Text("AccessLogSetting"), StringComparison.Ordinal);
            Assert.Contains("$context.identity.apiKeyId", stage.Text("AccessLogSetting"), StringComparison.Ordinal);
            Assert.True((bool?)stage["TracingEnabled"]);
        }
    }

    [Fact]
    public void The_API_is_regional_because_CloudFront_is_the_edge()
    {
        var api = platforms.Staging.Assert(platforms.Staging.Stacks.Primary.App);

        api.HasResourceProperties("AWS::ApiGateway::RestApi", new Dictionary<string, object>
        {
            ["EndpointConfiguration"] = new Dictionary<string, object> { ["Types"] = new[] { "REGIONAL" } },
            ["ApiKeySourceType"] = "AUTHORIZER",
        });
    }
}
