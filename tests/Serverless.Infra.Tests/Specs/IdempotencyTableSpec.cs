using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class IdempotencyTableSpec(Platforms platforms)
{
    [Fact]
    public void The_table_is_on_demand_with_TTL_on_expiration_and_encrypted()
    {
        foreach (var env in platforms.Both)
        {
            var table = env.Of(env.Stacks.Primary.Data).Single("AWS::DynamoDB::GlobalTable");

            Assert.Equal("PAY_PER_REQUEST", (string?)table["BillingMode"]);
            Assert.Equal("expiration", (string?)table["TimeToLiveSpecification"]!["AttributeName"]);
            Assert.True((bool?)table["TimeToLiveSpecification"]!["Enabled"]);
            Assert.True((bool?)table["SSESpecification"]!["SSEEnabled"]);
            Assert.Equal("id", (string?)table["KeySchema"]![0]!["AttributeName"]);
        }
    }

    [Fact]
    public void Every_region_holds_a_replica_with_point_in_time_recovery()
    {
        foreach (var env in platforms.Both)
        {
            var replicas = env.Of(env.Stacks.Primary.Data).Single("AWS::DynamoDB::GlobalTable")["Replicas"]!.AsArray();

            Assert.Equal(env.Config.AllRegions.Select(r => r.Region).Order(), replicas.Select(r => (string)r!["Region"]!).Order());
            Assert.All(replicas, r => Assert.True((bool?)r!["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]));
        }
    }

    [Fact]
    public void Functions_in_every_region_may_read_and_write_their_local_replica()
    {
        var env = platforms.Production;
        foreach (var region in env.Stacks.Regions)
        {
            var policies = string.Join("\n", env.Of(region.App).Resources("AWS::IAM::Policy").Select(p => p.Text("PolicyDocument")));

            Assert.Contains("dynamodb:PutItem", policies, StringComparison.Ordinal);
        }
        Assert.All(env.Stacks.Secondaries, s =>
            Assert.Contains($":dynamodb:{s.App.Region}:", string.Join("\n", env.Of(s.App).Resources("AWS::IAM::Policy").Select(p => p.Text("PolicyDocument"))), StringComparison.Ordinal));
    }
}
