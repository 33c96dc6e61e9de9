using System.Text.Json.Nodes;
using Serverless.Infra.Config;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>What stands between the internet and the APIs: the WAF, TLS at the edge, and the origin-verify header.</summary>
[Collection(PlatformsCollection.Name)]
public sealed class EdgeSecuritySpec(Platforms platforms)
{
    private static JsonNode Distribution(SynthesizedEnvironment env) =>
        env.Of(env.Stacks.Edge).Single("AWS::CloudFront::Distribution")["DistributionConfig"]!;

    private static (Amazon.CDK.Stack Stack, CfnResource Acl) WebAcl(SynthesizedEnvironment env)
    {
        var found = env.Stacks.All.SelectMany(s => env.Of(s).Resources("AWS::WAFv2::WebACL").Select(acl => (Stack: s, Acl: acl))).ToList();
        return Assert.Single(found);
    }

    private static JsonNode Rule(CfnResource acl, Func<JsonNode, bool> match) =>
        Assert.Single(acl["Rules"]!.AsArray(), r => match(r!))!;

    [Fact]
    public void A_CloudFront_scoped_web_ACL_in_us_east_1_guards_the_distribution()
    {
        foreach (var env in platforms.Both)
        {
            var (stack, acl) = WebAcl(env);

            Assert.Equal("CLOUDFRONT", (string?)acl["Scope"]);
            Assert.Equal("us-east-1", stack.Region);
            Assert.NotNull(acl["DefaultAction"]!["Allow"]);
            // The distribution's stack is elsewhere: the ARN arrives through a cross-region reference.
            Assert.Contains("WebAcl", Distribution(env)["WebACLId"]!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_client_IP_is_rate_limited_and_public_reads_more_tightly()
    {
        foreach (var env in platforms.Both)
        {
            var (_, acl) = WebAcl(env);
            var waf = env.Config.Edge.Waf;
            var rateRules = acl["Rules"]!.AsArray().Where(r => r!["Statement"]!["RateBasedStatement"] is not null).ToList();

            var general = Assert.Single(rateRules, r => r!["Statement"]!["RateBasedStatement"]!["ScopeDownStatement"] is null)!;
            var forPublic = Assert.Single(rateRules, r => r!["Statement"]!["RateBasedStatement"]!["ScopeDownStatement"] is not null)!;
            var match = forPublic["Statement"]!["RateBasedStatement"]!["ScopeDownStatement"]!["ByteMatchStatement"]!;

            Assert.All(rateRules, r =>
            {
                Assert.Equal("IP", (string?)r!["Statement"]!["RateBasedStatement"]!["AggregateKeyType"]);
                Assert.NotNull(r["Action"]!["Block"]);
            });
            Assert.Equal(waf.RateLimitPer5Minutes, (int)general["Statement"]!["RateBasedStatement"]!["Limit"]!);
            Assert.Equal(waf.PublicRateLimitPer5Minutes, (int)forPublic["Statement"]!["RateBasedStatement"]!["Limit"]!);
            Assert.True(waf.PublicRateLimitPer5Minutes < waf.RateLimitPer5Minutes);
            Assert.Equal("/public/", (string?)match["SearchString"]);
            Assert.Equal("STARTS_WITH", (string?)match["PositionalConstraint"]);
            Assert.NotNull(match["FieldToMatch"]!["UriPath"]);
        }
    }

    [Fact]
    public void The_AWS_managed_common_and_known_bad_inputs_rule_sets_block()
    {
        foreach (var env in platforms.Both)
        {
            var (_, acl) = WebAcl(env);

            foreach (var set in new[] { "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet" })
            {
                var rule = Rule(acl, r => (string?)r["Statement"]!["ManagedRuleGroupStatement"]?["Name"] == set);
                Assert.Equal("AWS", (string?)rule["Statement"]!["ManagedRuleGroupStatement"]!["VendorName"]);
                // "None" keeps the group's own block actions; "Count" would only watch.
                Assert.NotNull(rule["OverrideAction"]!["None"]);
            }
            Assert.All(acl["Rules"]!.AsArray(), r => Assert.True((bool?)r!["VisibilityConfig"]!["CloudWatchMetricsEnabled"]));
        }
    }

    [Fact]
    public void Production_serves_its_own_name_with_an_ACM_certificate_from_us_east_1_and_TLS_1_2_at_least()
    {
        var env = platforms.Production;
        var config = Distribution(env);
        var domain = env.Config.Edge.Domain!;
        var certificates = env.Stacks.All.SelectMany(s => env.Of(s).Resources("AWS::CertificateManager::Certificate")
            .Where(c => (string?)c["DomainName"] == domain.DomainName)
            .Select(c => (Stack: s, Certificate: c))).ToList();
        var (stack, _) = Assert.Single(certificates);

        Assert.Equal([domain.DomainName], config["Aliases"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("us-east-1", stack.Region);
        Assert.Equal("sni-only", (string?)config["ViewerCertificate"]!["SslSupportMethod"]);
        Assert.Equal("TLSv1.2_2021", (string?)config["ViewerCertificate"]!["MinimumProtocolVersion"]);
        Assert.Contains("Certificate", config["ViewerCertificate"]!["AcmCertificateArn"]!.ToJsonString(), StringComparison.Ordinal);
        var alias = Assert.Single(env.Of(env.Stacks.Edge).Resources("AWS::Route53::RecordSet"), r => (string?)r["Type"] == "A");
        Assert.Equal(domain.DomainName + ".", (string?)alias["Name"]);
    }

    [Fact]
    public void Staging_may_stay_on_the_default_certificate()
    {
        var config = Distribution(platforms.Staging);

        Assert.Null(config["Aliases"]);
        Assert.True((bool?)config["ViewerCertificate"]?["CloudFrontDefaultCertificate"] ?? config["ViewerCertificate"] is null);
    }

    [Fact]
    public void Every_API_origin_carries_the_origin_verify_secret_from_Secrets_Manager()
    {
        foreach (var env in platforms.Both)
        {
            var secret = ResourceNames.OriginVerifySecret(env.Config);
            var origins = Distribution(env)["Origins"]!.AsArray();

            Assert.NotEmpty(origins);
            Assert.All(origins, origin =>
            {
                var header = Assert.Single(origin!["OriginCustomHeaders"]!.AsArray(), h => (string?)h!["HeaderName"] == "x-origin-verify")!;
                // A dynamic reference: resolved by CloudFormation at deploy time, never in the template.
                Assert.Equal($"{{{{resolve:secretsmanager:{secret}:SecretString:secret::}}}}", (string?)header["HeaderValue"]);
            });
        }
    }

    [Fact]
    public void A_rotation_names_the_new_secret_version_so_CloudFormation_resolves_it_again()
    {
        var config = platforms.Staging.Config with
        {
            Edge = platforms.Staging.Config.Edge with { OriginVerifyVersionId = "3f1c0e6a-0000-4000-8000-000000000001" },
        };
        var app = new Amazon.CDK.App();
        var stacks = Serverless.Infra.Stacks.PlatformStacks.Create(app, config);
        var template = Amazon.CDK.Assertions.Template.FromStack(stacks.Edge).ToJSON();
        var text = System.Text.Json.JsonSerializer.Serialize(template);

        Assert.Contains($"{{{{resolve:secretsmanager:{ResourceNames.OriginVerifySecret(config)}:SecretString:secret::3f1c0e6a-0000-4000-8000-000000000001}}}}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_origin_verify_secret_is_generated_in_the_primary_and_replicated_to_every_secondary()
    {
        foreach (var env in platforms.Both)
        {
            var name = ResourceNames.OriginVerifySecret(env.Config);
            var secret = Assert.Single(env.Of(env.Stacks.Primary.Data).Resources("AWS::SecretsManager::Secret"), s => (string?)s["Name"] == name);

            Assert.Equal("secret", (string?)secret["GenerateSecretString"]!["GenerateStringKey"]);
            Assert.True((int)secret["GenerateSecretString"]!["PasswordLength"]! >= 32);
            Assert.Equal(env.Config.Secondaries.Select(r => r.Region).Order(), secret["ReplicaRegions"]!.AsArray().Select(r => (string)r!["Region"]!).Order());
        }
    }

    [Fact]
    public void Every_API_function_requires_the_origin_verify_header_and_trusts_the_viewer_address_CloudFront_sends()
    {
        foreach (var env in platforms.Both)
        {
            var reference = ResourceNames.SecretReference(ResourceNames.OriginVerifySecret(env.Config));
            foreach (var region in env.Stacks.Regions)
            {
                var app = env.Of(region.App);
                var api = app.Resources("AWS::Lambda::Function").Single(f => (string?)f["Environment"]?["Variables"]?["Serverless__Host"] == "api");
                var variables = api["Environment"]!["Variables"]!;
                var policies = string.Join("\n", app.Resources("AWS::IAM::Policy")
                    .Where(p => p.Text("Roles").Contains("ApiFunction", StringComparison.Ordinal))
                    .Select(p => p.Text("PolicyDocument")));

                Assert.Equal(reference, (string?)variables["OriginVerify__SecretParameter"]);
                Assert.Equal("true", (string?)variables["PublicContent__TrustCloudFrontViewerAddress"]);
                Assert.Contains($"parameter{reference}", policies, StringComparison.Ordinal);
                Assert.Contains("secretsmanager:GetSecretValue", policies, StringComparison.Ordinal);
                Assert.Contains("origin-verify", policies, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Public_reads_forward_the_viewer_address_to_the_origin()
    {
        foreach (var env in platforms.Both)
        {
            var policy = env.Of(env.Stacks.Edge).Single("AWS::CloudFront::OriginRequestPolicy")["OriginRequestPolicyConfig"]!;
            var reads = Distribution(env)["CacheBehaviors"]!.AsArray().Single(b => (string?)b!["PathPattern"] == "/public/*")!;

            Assert.Equal(["CloudFront-Viewer-Address"], policy["HeadersConfig"]!["Headers"]!.AsArray().Select(h => (string)h!));
            Assert.Contains("PublicOriginRequest", reads["OriginRequestPolicyId"]!.ToJsonString(), StringComparison.Ordinal);
        }
    }
}
