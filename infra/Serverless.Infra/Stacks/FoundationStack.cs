using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;
using Serverless.Infra.Constructs;

namespace Serverless.Infra.Stacks;

/// <summary>What every other stack in a region stands on: the network, the region's key and the alarm topic.</summary>
public sealed class FoundationStack : Stack
{
    public Network Network { get; }

    /// <summary>Encrypts the database, its replica in this region, the cache, the queues and the alarm topic.</summary>
    public Key Key { get; }

    public Topic AlarmTopic { get; }

    public FoundationStack(Construct scope, string id, FoundationStackProps props) : base(scope, id, props)
    {
        var config = props.Config;
        Network = new Network(this, "Network", new NetworkProps
        {
            Cidr = config.Network.CidrFor(props.RegionIndex),
            AvailabilityZones = props.RegionConfig.AvailabilityZones,
            NatGateways = config.Network.NatGatewaysIn(primaryRegion: props.RegionConfig.Region == config.Primary.Region),
            EndpointZones = config.Network.EndpointZones,
            BedrockEndpoint = config.Network.BedrockEndpoint,
        });

        Key = new Key(this, "RegionKey", new KeyProps
        {
            Description = $"Serverless {config.Environment} data at rest in {props.RegionConfig.Region}",
            EnableKeyRotation = true,
            RemovalPolicy = config.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });

        // Grants on this key only for AWS services acting for a resource (RDS, ElastiCache, Lambda...):
        // nobody can hand a principal of their own a lasting grant to decrypt the region's data.
        Key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "GrantsOnlyForAwsResources",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["kms:CreateGrant"],
            Resources = ["*"],
            Conditions = new Dictionary<string, object>
            {
                ["BoolIfExists"] = new Dictionary<string, object>
                {
                    ["kms:GrantIsForAWSResource"] = "false",
                    ["aws:PrincipalIsAWSService"] = "false",
                },
            },
        }));

        // CloudWatch alarms publish to an encrypted topic only if the key lets the service use it.
        Key.Grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        AlarmTopic = new Topic(this, "Alarms", new TopicProps { MasterKey = Key, EnforceSSL = true });
        if (config.AlarmEmail is { Length: > 0 } email)
        {
            AlarmTopic.AddSubscription(new EmailSubscription(email));
        }
    }
}
