using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class NetworkSpec(Platforms platforms)
{
    [Fact]
    public void Every_region_reaches_AWS_services_through_endpoints()
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
            }
        }
    }

    [Fact]
    public void Secondary_regions_and_staging_have_no_route_to_the_internet()
    {
        var closed = platforms.Production.Stacks.Secondaries.Select(s => platforms.Production.Of(s.Foundation))
            .Concat(platforms.Staging.Stacks.Regions.Select(r => platforms.Staging.Of(r.Foundation)));

        Assert.All(closed, foundation =>
        {
            Assert.Empty(foundation.Resources("AWS::EC2::NatGateway"));
            Assert.Empty(foundation.Resources("AWS::EC2::InternetGateway"));
        });
    }

    [Fact]
    public void Production_primary_has_one_NAT_gateway_for_its_Lambda_subnets_only()
    {
        var foundation = platforms.Production.Of(platforms.Production.Stacks.Primary.Foundation);

        // CloudFront's API has no VPC endpoint: the primary's API reaches it to invalidate on publish.
        Assert.Single(foundation.Resources("AWS::EC2::NatGateway"));
        var outbound = foundation.Resources("AWS::EC2::Route")
            .Where(r => (string?)r["DestinationCidrBlock"] == "0.0.0.0/0" && r.Properties.ContainsKey("NatGatewayId"))
            .Select(r => r.Text("RouteTableId")).ToList();
        Assert.NotEmpty(outbound);
        Assert.All(outbound, table => Assert.Contains("appSubnet", table, StringComparison.Ordinal));
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
            foreach (var region in env.Stacks.Regions)
            {
                var foundation = env.Of(region.Foundation);
                var data = foundation.Resources("AWS::EC2::Subnet").Where(s => s.LogicalId.Contains("dataSubnet", StringComparison.Ordinal)).ToList();

                Assert.NotEmpty(data);
                Assert.All(data, s => Assert.False((bool?)s["MapPublicIpOnLaunch"] ?? false));
                Assert.DoesNotContain(foundation.Resources("AWS::EC2::Route"), r =>
                    r.Properties.ContainsKey("DestinationCidrBlock") && r.Text("RouteTableId").Contains("dataSubnet", StringComparison.Ordinal));
            }
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
