using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class NetworkSpec(Platforms platforms)
{
    [Fact]
    public void Every_region_reaches_AWS_services_through_endpoints_without_a_NAT_gateway()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                var foundation = env.Of(region.Foundation);
                var services = foundation.Resources("AWS::EC2::VPCEndpoint").Select(e => e.Text("ServiceName")).ToList();

                foreach (var service in new[] { ".sqs\"", ".ssm\"", ".secretsmanager\"", ".logs\"", ".dynamodb\"" })
                {
                    Assert.Contains(services, s => s.Contains(service, StringComparison.Ordinal));
                }
                Assert.Empty(foundation.Resources("AWS::EC2::NatGateway"));
                Assert.Empty(foundation.Resources("AWS::EC2::InternetGateway"));
            }
        }
    }

    [Fact]
    public void DynamoDb_uses_the_free_gateway_endpoint()
    {
        var foundation = platforms.Staging.Of(platforms.Staging.Stacks.Primary.Foundation);

        var dynamo = Assert.Single(foundation.Resources("AWS::EC2::VPCEndpoint"), e => e.Text("ServiceName").Contains(".dynamodb", StringComparison.Ordinal));

        Assert.Equal("Gateway", (string?)dynamo["VpcEndpointType"]);
    }

    [Fact]
    public void Database_and_cache_subnets_have_no_public_IPs_and_no_route_out()
    {
        foreach (var env in platforms.Both)
        {
            var foundation = env.Of(env.Stacks.Primary.Foundation);

            Assert.All(foundation.Resources("AWS::EC2::Subnet"), s => Assert.False((bool?)s["MapPublicIpOnLaunch"] ?? false));
            Assert.DoesNotContain(foundation.Resources("AWS::EC2::Route"), r => r.Properties.ContainsKey("DestinationCidrBlock"));
        }
    }

    [Fact]
    public void Regions_get_distinct_address_ranges()
    {
        var cidrs = platforms.Production.Stacks.Regions
            .Select(r => platforms.Production.Of(r.Foundation).Single("AWS::EC2::VPC").Text("CidrBlock"))
            .ToList();

        Assert.Equal(cidrs.Count, cidrs.Distinct().Count());
    }
}
