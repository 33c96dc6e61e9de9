using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.RDS;
using Constructs;

namespace Serverless.Infra.Constructs;

/// <summary>
/// A cross-region read replica of the primary. RDS Proxy cannot front a read replica, so the Lambdas
/// connect to it directly; the replica inherits rds.force_ssl and the roles (serverless_app included)
/// from the primary.
/// </summary>
public sealed class ReplicaDatabase : Construct
{
    public DatabaseInstanceReadReplica Instance { get; }

    public ReplicaDatabase(Construct scope, string id, ReplicaDatabaseProps props) : base(scope, id)
    {
        var securityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = props.Network.Vpc,
            Description = "PostgreSQL read replica: reachable from the Lambdas only",
            AllowAllOutbound = false,
        });

        Instance = new DatabaseInstanceReadReplica(this, "Instance", new DatabaseInstanceReadReplicaProps
        {
            SourceDatabaseInstance = props.Source,
            InstanceType = new Amazon.CDK.AWS.EC2.InstanceType(props.Config.Database.ReplicaInstanceClass),
            Vpc = props.Network.Vpc,
            VpcSubnets = props.Network.DataSubnetSelection,
            SecurityGroups = [securityGroup],
            PubliclyAccessible = false,
            StorageEncrypted = true,
            StorageEncryptionKey = props.Key,
            StorageType = StorageType.GP3,
            DeletionProtection = props.Config.IsProduction,
            RemovalPolicy = props.RemovalPolicy,
            EnablePerformanceInsights = true,
            PerformanceInsightEncryptionKey = props.Key,
            AutoMinorVersionUpgrade = true,
        });
        Instance.Connections.AllowDefaultPortFrom(props.Network.AppSecurityGroup, "API Lambdas (reads)");

        // Named explicitly: an encrypted replica in another region is created from a presigned request
        // to the source region.
        ((CfnDBInstance)Instance.Node.DefaultChild!).SourceRegion = props.Config.Primary.Region;
    }
}
