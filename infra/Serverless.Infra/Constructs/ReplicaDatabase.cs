using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.RDS;
using Constructs;

namespace Serverless.Infra.Constructs;

/// <summary>
/// A cross-region read replica of the primary. RDS Proxy cannot front a read replica, so the Lambdas
/// connect to it directly. It inherits the data and the roles (serverless_app included) from the
/// primary, but not its parameter group, which is regional: without its own, the replica would run on
/// the region's default group and accept unencrypted connections. It is also a promotion candidate
/// (docs/deploy.md, "Promoting a replica"), so in production it has a standby in another zone. RDS keeps
/// no automated backups of a PostgreSQL replica (CDK refuses the setting): the runbook turns them on
/// in the same call that promotes it.
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
            MultiAz = props.Config.Database.MultiAz,
            CloudwatchLogsExports = ["postgresql", "upgrade"],
            MonitoringInterval = Duration.Seconds(60),
            ParameterGroup = new ParameterGroup(this, "Parameters", new ParameterGroupProps
            {
                Engine = DatabaseInstanceEngine.Postgres(new PostgresInstanceEngineProps { Version = PostgresEngineVersion.VER_15 }),
                Description = "Read replica: the primary's settings, which do not cross regions",
                Parameters = new Dictionary<string, string> { ["rds.force_ssl"] = "1" },
            }),
        });
        Instance.Connections.AllowDefaultPortFrom(props.Network.AppSecurityGroup, "API Lambdas (reads)");

        // Named explicitly: an encrypted replica in another region is created from a presigned request
        // to the source region.
        ((CfnDBInstance)Instance.Node.DefaultChild!).SourceRegion = props.Config.Primary.Region;
    }
}
