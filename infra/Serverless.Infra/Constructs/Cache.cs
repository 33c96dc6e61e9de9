using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// The region's Redis-compatible cache (Valkey by default): TLS required, an AUTH token from Secrets
/// Manager, rotated in place (Hooks/rotate-cache-auth.js), encrypted at rest with the region's key. There
/// is no L2 construct for ElastiCache, so this wraps the CloudFormation resources.
/// </summary>
public sealed class Cache : Construct
{
    public const int Port = 6379;

    public CfnReplicationGroup ReplicationGroup { get; }
    public Secret AuthSecret { get; }
    public RotationFunction AuthRotation { get; }

    /// <summary>Engine metrics are per node; the first node's id is the group id plus "-001".</summary>
    public string PrimaryNodeId => $"{ReplicationGroup.Ref}-001";

    public Cache(Construct scope, string id, CacheProps props) : base(scope, id)
    {
        var cache = props.Config.Cache;

        // ElastiCache AUTH tokens allow printable ASCII except @, " and /; alphanumerics are always safe.
        AuthSecret = new Secret(this, "AuthToken", new SecretProps
        {
            SecretName = ResourceNames.CacheSecret(props.Config),
            // The AWS managed key, as for the database secrets (see PrimaryDatabase).
            GenerateSecretString = new SecretStringGenerator
            {
                SecretStringTemplate = "{}",
                GenerateStringKey = "token",
                ExcludePunctuation = true,
                PasswordLength = 64,
            },
            RemovalPolicy = props.RemovalPolicy == RemovalPolicy.SNAPSHOT ? RemovalPolicy.RETAIN : props.RemovalPolicy,
        });

        var securityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = props.Network.Vpc,
            Description = "Cache: reachable from the Lambdas only",
            AllowAllOutbound = false,
        });
        securityGroup.AddIngressRule(props.Network.AppSecurityGroup, Amazon.CDK.AWS.EC2.Port.Tcp(Port), "API and worker Lambdas");

        var subnetGroup = new CfnSubnetGroup(this, "Subnets", new CfnSubnetGroupProps
        {
            Description = "Isolated data subnets",
            SubnetIds = props.Network.Vpc.SelectSubnets(props.Network.DataSubnetSelection).SubnetIds,
        });

        var replicated = cache.Nodes > 1;
        ReplicationGroup = new CfnReplicationGroup(this, "ReplicationGroup", new CfnReplicationGroupProps
        {
            ReplicationGroupDescription = $"Serverless {props.Config.Environment} cache",
            Engine = cache.Engine,
            EngineVersion = cache.EngineVersion,
            CacheNodeType = cache.NodeType,
            NumCacheClusters = cache.Nodes,
            AutomaticFailoverEnabled = replicated,
            MultiAzEnabled = replicated,
            Port = Port,
            CacheSubnetGroupName = subnetGroup.Ref,
            SecurityGroupIds = [securityGroup.SecurityGroupId],
            TransitEncryptionEnabled = true,
            TransitEncryptionMode = "required",
            AtRestEncryptionEnabled = true,
            KmsKeyId = props.Key.KeyArn,
            // A dynamic reference: CloudFormation resolves it at deploy time; the token never enters the template.
            AuthToken = AuthSecret.SecretValueFromJson("token").UnsafeUnwrap(),
            SnapshotRetentionLimit = cache.SnapshotRetentionDays,
            AutoMinorVersionUpgrade = true,
        });
        ReplicationGroup.ApplyRemovalPolicy(props.RemovalPolicy);

        // Every region rotates its own token (the secret is not replicated: each region has its own cache).
        AuthRotation = new RotationFunction(this, "AuthRotation", new RotationFunctionProps
        {
            Config = props.Config,
            Secret = AuthSecret,
            CodeResource = RotationFunction.CacheAuth,
            Description = $"Rotates the cache's AUTH token ({props.Config.Environment})",
            // A ROTATE takes minutes; a step that outlives this is retried by Secrets Manager, and every step is idempotent.
            Timeout = Duration.Minutes(15),
            Environment = new Dictionary<string, string> { ["REPLICATION_GROUP_ID"] = ReplicationGroup.Ref },
        });
        AuthRotation.Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["elasticache:ModifyReplicationGroup", "elasticache:DescribeReplicationGroups"],
            Resources =
            [
                Stack.Of(this).FormatArn(new ArnComponents
                {
                    Service = "elasticache",
                    Resource = "replicationgroup",
                    ResourceName = ReplicationGroup.Ref,
                    ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
                }),
            ],
        }));
    }
}
