using Amazon.CDK.Assertions;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>Encryption at rest and in transit, stated once per kind of resource, for every stack.</summary>
[Collection(PlatformsCollection.Name)]
public sealed class EncryptionSpec(Platforms platforms)
{
    private static Dictionary<string, object> Props(params (string Key, object Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    private IEnumerable<(Amazon.CDK.Assertions.Template Template, CfnTemplate Json)> Stacks() =>
        platforms.Both.SelectMany(env => env.Stacks.All.Select(s => (env.Assert(s), env.Of(s))));

    private void EveryResource(string type, Dictionary<string, object> expected)
    {
        var seen = 0;
        foreach (var (template, json) in Stacks().Where(s => s.Json.Resources(type).Any()))
        {
            template.AllResourcesProperties(type, Match.ObjectLike(expected));
            seen++;
        }
        Assert.True(seen > 0, $"no {type} found: the specification would pass vacuously");
    }

    [Fact]
    public void Databases_are_encrypted_at_rest() =>
        EveryResource("AWS::RDS::DBInstance", Props(("StorageEncrypted", true), ("KmsKeyId", Match.AnyValue())));

    [Fact]
    public void Queues_are_encrypted_with_the_region_key() =>
        EveryResource("AWS::SQS::Queue", Props(("KmsMasterKeyId", Match.AnyValue())));

    [Fact]
    public void Caches_are_encrypted_at_rest_and_in_transit() =>
        EveryResource("AWS::ElastiCache::ReplicationGroup", Props(
            ("AtRestEncryptionEnabled", true), ("TransitEncryptionEnabled", true), ("KmsKeyId", Match.AnyValue())));

    [Fact]
    public void The_idempotency_table_is_encrypted() =>
        EveryResource("AWS::DynamoDB::GlobalTable", Props(("SSESpecification", Props(("SSEEnabled", true)))));

    [Fact]
    public void Alarm_topics_are_encrypted() =>
        EveryResource("AWS::SNS::Topic", Props(("KmsMasterKeyId", Match.AnyValue())));

    [Fact]
    public void Buckets_are_encrypted() =>
        EveryResource("AWS::S3::Bucket", Props(("BucketEncryption", Match.AnyValue())));

    [Fact]
    public void Region_keys_rotate() =>
        EveryResource("AWS::KMS::Key", Props(("EnableKeyRotation", true)));

    [Fact]
    public void Queues_topics_and_buckets_refuse_plain_HTTP()
    {
        foreach (var env in platforms.Both)
        {
            var policies = env.Templates.Values
                .SelectMany(t => t.Resources("AWS::SQS::QueuePolicy").Concat(t.Resources("AWS::SNS::TopicPolicy")).Concat(t.Resources("AWS::S3::BucketPolicy")))
                .ToList();

            Assert.NotEmpty(policies);
            Assert.All(policies, p => Assert.Contains("aws:SecureTransport", p.Text("PolicyDocument"), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void No_security_group_admits_the_internet()
    {
        foreach (var env in platforms.Both)
        {
            var rules = env.Templates.Values.SelectMany(t =>
                t.Resources("AWS::EC2::SecurityGroup").SelectMany(g => g["SecurityGroupIngress"]?.AsArray() ?? []).Select(r => r!.ToJsonString())
                    .Concat(t.Resources("AWS::EC2::SecurityGroupIngress").Select(r => r.Properties.ToJsonString())));

            Assert.All(rules, rule =>
            {
                Assert.DoesNotContain("0.0.0.0/0", rule, StringComparison.Ordinal);
                Assert.DoesNotContain("::/0", rule, StringComparison.Ordinal);
            });
        }
    }
}
