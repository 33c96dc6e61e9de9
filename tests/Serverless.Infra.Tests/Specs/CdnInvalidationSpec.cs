using Serverless.Infra.Config;
using Serverless.Infra.Constructs;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// The primary's API invalidates CloudFront on publish when it can reach CloudFront's API, which has
/// no VPC endpoint: only with a NAT gateway (production ships one in its primary region). Then it learns
/// the distribution id from the parameter the Edge stack writes, and may call CreateInvalidation on that
/// distribution only. Without one (staging) it is told nothing, and edge copies expire by s-maxage.
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed class CdnInvalidationSpec(Platforms platforms)
{
    /// <summary>Staging with a NAT gateway, synthesized once for the facts below.</summary>
    private static readonly Lazy<SynthesizedEnvironment> WithNat = new(() =>
        new SynthesizedEnvironment("staging.json", c => c with { Network = c.Network with { NatGateways = 1 } }));

    private IEnumerable<SynthesizedEnvironment> Invalidating => [platforms.Production, WithNat.Value];

    [Fact]
    public void Production_as_shipped_invalidates_CloudFront_on_publish()
    {
        Assert.True(EdgeInvalidation.IsReachable(platforms.Production.Config));
    }

    [Fact]
    public void Without_a_route_to_CloudFront_no_API_is_told_to_invalidate_or_allowed_to()
    {
        foreach (var env in new[] { platforms.Staging })
        {
            Assert.Equal(0, env.Config.Network.NatGateways);
            Assert.All(env.Templates.Values, t => Assert.DoesNotContain("Cdn__", t.Json.ToJsonString(), StringComparison.Ordinal));
            Assert.All(env.Templates.Values, t => Assert.DoesNotContain("cloudfront:CreateInvalidation", t.Json.ToJsonString(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Only_the_primary_API_is_told_where_the_distribution_id_is_and_may_read_it()
    {
        foreach (var env in Invalidating)
        {
            var parameter = ResourceNames.DistributionIdParameter(env.Config);
            var primary = env.Of(env.Stacks.Primary.App);
            var api = primary.Resources("AWS::Lambda::Function").Single(f => (string?)f["Environment"]?["Variables"]?["Serverless__Host"] == "api");
            var worker = primary.Resources("AWS::Lambda::Function").Single(f => f.LogicalId.Contains("Worker", StringComparison.Ordinal));

            Assert.Equal(parameter, (string?)api["Environment"]!["Variables"]!["Cdn__DistributionIdParameter"]);
            Assert.Null(worker["Environment"]!["Variables"]!["Cdn__DistributionIdParameter"]);
            Assert.All(env.Stacks.Secondaries, s => Assert.DoesNotContain("Cdn__", env.Of(s.App).Json.ToJsonString(), StringComparison.Ordinal));
            Assert.Contains(primary.Resources("AWS::IAM::Policy"), p =>
                p.Text("PolicyDocument").Contains("ssm:GetParameter", StringComparison.Ordinal)
                && p.Text("PolicyDocument").Contains($":parameter{parameter}\"", StringComparison.Ordinal)
                && p.Text("Roles").Contains("ApiFunction", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_edge_writes_the_distribution_id_where_the_primary_API_reads_it()
    {
        foreach (var env in Invalidating)
        {
            var edge = env.Of(env.Stacks.Edge);
            var distribution = edge.Single("AWS::CloudFront::Distribution");

            var parameter = Assert.Single(edge.Resources("AWS::SSM::Parameter"), p => (string?)p["Name"] == ResourceNames.DistributionIdParameter(env.Config));
            Assert.Equal($"{{\"Ref\":\"{distribution.LogicalId}\"}}", parameter.Text("Value"));
            // The API reads the parameter in its own region (its SSM endpoint); an Edge stack in us-east-1
            // would have to write it into the primary region instead (a custom resource calling ssm:PutParameter there).
            Assert.True(env.Config.Primary.Region == env.Stacks.Edge.Region, "the distribution id parameter must live in the primary region");
        }
    }

    [Fact]
    public void The_primary_API_may_create_invalidations_on_that_distribution_only()
    {
        foreach (var env in Invalidating)
        {
            var edge = env.Of(env.Stacks.Edge);
            var distribution = edge.Single("AWS::CloudFront::Distribution");
            var grants = env.Templates.Values.SelectMany(t => t.Resources("AWS::IAM::Policy"))
                .Where(p => p.Text("PolicyDocument").Contains("cloudfront:", StringComparison.Ordinal)).ToList();

            var grant = Assert.Single(grants);
            var document = grant.Text("PolicyDocument");
            Assert.Contains("\"Action\":\"cloudfront:CreateInvalidation\"", document, StringComparison.Ordinal);
            Assert.Contains($":distribution/\",{{\"Ref\":\"{distribution.LogicalId}\"}}", document, StringComparison.Ordinal);
            Assert.DoesNotContain("\"*\"", document, StringComparison.Ordinal);
            // The role is the primary API function's, imported from its stack.
            Assert.Contains(env.Stacks.Primary.App.StackName, grant.Text("Roles"), StringComparison.Ordinal);
        }
    }
}
