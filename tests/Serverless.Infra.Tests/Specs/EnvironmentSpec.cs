using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class EnvironmentSpec(Platforms platforms)
{
    [Fact]
    public void Each_region_gets_a_foundation_data_and_app_stack_the_primary_the_edge_and_deploy_access_and_us_east_1_the_edge_security()
    {
        foreach (var env in platforms.Both)
        {
            var names = env.Templates.Keys.ToList();

            Assert.Equal(3 * env.Config.AllRegions.Count() + 3, names.Count);
            foreach (var region in env.Config.AllRegions)
            {
                Assert.Contains($"Serverless-{env.Config.Environment}-Foundation-{region.Region}", names);
                Assert.Contains($"Serverless-{env.Config.Environment}-Data-{region.Region}", names);
                Assert.Contains($"Serverless-{env.Config.Environment}-App-{region.Region}", names);
            }
            Assert.Equal(env.Config.Primary.Region, env.Stacks.Edge.Region);
            // CloudFront takes web ACLs and certificates from us-east-1 only.
            Assert.Equal("us-east-1", env.Stacks.EdgeSecurity.Region);
            Assert.Equal(env.Config.Primary.Region, env.Stacks.DeployAccess!.Region);
            Assert.All(env.Stacks.All, s => Assert.Equal(env.Config.Account, s.Account));
        }
    }

    [Fact]
    public void Stateful_resources_are_kept_in_production_and_removed_in_staging()
    {
        var stateful = new[] { "AWS::DynamoDB::GlobalTable", "AWS::ElastiCache::ReplicationGroup", "AWS::KMS::Key" };
        foreach (var (env, kept) in new[] { (platforms.Production, true), (platforms.Staging, false) })
        {
            var resources = env.Templates.Values.SelectMany(t => t.AllResources).Where(r => stateful.Contains(r.Type)).ToList();

            Assert.NotEmpty(resources);
            Assert.All(resources, r => Assert.Equal(kept, (string?)r.Json["DeletionPolicy"] is "Retain" or "Snapshot"));
        }
    }

    [Fact]
    public void Physical_names_are_left_to_CloudFormation()
    {
        var named = new Dictionary<string, string>
        {
            ["AWS::SQS::Queue"] = "QueueName",
            ["AWS::Lambda::Function"] = "FunctionName",
            ["AWS::DynamoDB::GlobalTable"] = "TableName",
            ["AWS::RDS::DBInstance"] = "DBInstanceIdentifier",
            ["AWS::ElastiCache::ReplicationGroup"] = "ReplicationGroupId",
            ["AWS::ApiGateway::RestApi"] = "Name",
            ["AWS::S3::Bucket"] = "BucketName",
            ["AWS::SNS::Topic"] = "TopicName",
        };
        foreach (var env in platforms.Both)
        {
            foreach (var resource in env.Templates.Values.SelectMany(t => t.AllResources).Where(r => named.ContainsKey(r.Type)))
            {
                var name = resource[named[resource.Type]];
                Assert.True(name is null || resource.Type == "AWS::ApiGateway::RestApi", $"{resource} names itself {name?.ToJsonString()}");
            }
        }
    }
}
