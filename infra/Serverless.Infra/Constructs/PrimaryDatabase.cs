using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// The one writable PostgreSQL: encrypted, private, backed up, behind an RDS Proxy that requires TLS.
/// Two logins: the owner (migrations and operators; granted serverless_operator by migration 0001) and
/// serverless_app, the application's role, created NOBYPASSRLS by that migration so row-level
/// security always applies to the API and the worker.
/// The secrets use Secrets Manager's own AWS managed key: with the region's customer key, every reader's
/// role (in the app stack) would have to appear in the key policy (in the foundation stack), a cycle.
/// </summary>
public sealed class PrimaryDatabase : Construct
{
    public const string AppUser = "serverless_app";
    public const string OwnerUser = "serverless_owner";
    public const int PostgresPort = 5432;

    public DatabaseInstance Instance { get; }
    public DatabaseProxy Proxy { get; }
    public DatabaseSecret OwnerSecret { get; }

    /// <summary>Replicated to every secondary region under the same name, for their read replicas.</summary>
    public DatabaseSecret AppSecret { get; }

    /// <summary>Signs consistency tokens; replicated like <see cref="AppSecret"/> so every region verifies them.</summary>
    public Secret ConsistencySecret { get; }

    /// <summary>Seals stored secrets (SecretsAtRest:Key); rotated by hand with <c>secrets rewrap</c> (docs/deploy.md).</summary>
    public Secret SecretsKeySecret { get; }

    public PrimaryDatabase(Construct scope, string id, PrimaryDatabaseProps props) : base(scope, id)
    {
        var config = props.Config;
        var db = config.Database;

        OwnerSecret = new DatabaseSecret(this, "OwnerSecret", new DatabaseSecretProps
        {
            Username = OwnerUser,
            SecretName = ResourceNames.OwnerSecret(config),
        });

        var securityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = props.Network.Vpc,
            Description = "PostgreSQL primary: reachable from the proxy and rotation only",
            AllowAllOutbound = false,
        });

        Instance = new DatabaseInstance(this, "Instance", new DatabaseInstanceProps
        {
            Engine = DatabaseInstanceEngine.Postgres(new PostgresInstanceEngineProps { Version = PostgresEngineVersion.VER_15 }),
            InstanceType = new Amazon.CDK.AWS.EC2.InstanceType(db.InstanceClass),
            Vpc = props.Network.Vpc,
            VpcSubnets = props.Network.DataSubnetSelection,
            SecurityGroups = [securityGroup],
            PubliclyAccessible = false,
            Credentials = Credentials.FromSecret(OwnerSecret),
            DatabaseName = db.DatabaseName,
            StorageEncrypted = true,
            StorageEncryptionKey = props.Key,
            AllocatedStorage = db.AllocatedStorageGb,
            MaxAllocatedStorage = db.MaxAllocatedStorageGb,
            StorageType = StorageType.GP3,
            MultiAz = db.MultiAz,
            BackupRetention = Duration.Days(db.BackupRetentionDays),
            DeleteAutomatedBackups = !config.IsProduction,
            DeletionProtection = config.IsProduction,
            RemovalPolicy = props.RemovalPolicy,
            EnablePerformanceInsights = true,
            PerformanceInsightEncryptionKey = props.Key,
            CloudwatchLogsExports = ["postgresql", "upgrade"],
            MonitoringInterval = Duration.Seconds(60),
            AutoMinorVersionUpgrade = true,
            ParameterGroup = new ParameterGroup(this, "Parameters", new ParameterGroupProps
            {
                Engine = DatabaseInstanceEngine.Postgres(new PostgresInstanceEngineProps { Version = PostgresEngineVersion.VER_15 }),
                // Refuse unencrypted connections even from inside the VPC.
                Parameters = new Dictionary<string, string> { ["rds.force_ssl"] = "1" },
            }),
        });

        AppSecret = new DatabaseSecret(this, "AppSecret", new DatabaseSecretProps
        {
            Username = AppUser,
            SecretName = ResourceNames.AppSecret(config),
            // Multi-user rotation signs in as the owner to change serverless_app's password.
            MasterSecret = OwnerSecret,
            ReplicaRegions = config.Secondaries.Select(r => new ReplicaRegion { Region = r.Region }).ToArray(),
        });
        var attachedAppSecret = AppSecret.Attach(Instance);

        ConsistencySecret = new Secret(this, "ConsistencySecret", new SecretProps
        {
            SecretName = ResourceNames.ConsistencySecret(config),
            GenerateSecretString = new SecretStringGenerator
            {
                SecretStringTemplate = "{}",
                GenerateStringKey = "key",
                PasswordLength = 64,
                ExcludePunctuation = true,
            },
            ReplicaRegions = config.Secondaries.Select(r => new ReplicaRegion { Region = r.Region }).ToArray(),
        });

        SecretsKeySecret = new Secret(this, "SecretsKeySecret", new SecretProps
        {
            SecretName = ResourceNames.SecretsKeySecret(config),
            GenerateSecretString = new SecretStringGenerator
            {
                SecretStringTemplate = "{}",
                GenerateStringKey = "key",
                PasswordLength = 64,
                ExcludePunctuation = true,
            },
            ReplicaRegions = config.Secondaries.Select(r => new ReplicaRegion { Region = r.Region }).ToArray(),
        });

        var rotationEvery = Duration.Days(db.RotationDays);
        Instance.AddRotationSingleUser(new RotationSingleUserOptions
        {
            AutomaticallyAfter = rotationEvery,
            Endpoint = props.Network.SecretsManagerEndpoint,
            VpcSubnets = props.Network.AppSubnetSelection,
        });
        Instance.AddRotationMultiUser("AppRotation", new RotationMultiUserOptions
        {
            Secret = attachedAppSecret,
            AutomaticallyAfter = rotationEvery,
            // serverless_app only exists once migration 0001 has run: scripts/infra-migrate.sh rotates the
            // secret for the first time right after it, which sets a password the application can use.
            RotateImmediatelyOnUpdate = false,
            Endpoint = props.Network.SecretsManagerEndpoint,
            VpcSubnets = props.Network.AppSubnetSelection,
        });

        Proxy = Instance.AddProxy("Proxy", new DatabaseProxyOptions
        {
            Vpc = props.Network.Vpc,
            VpcSubnets = props.Network.DataSubnetSelection,
            Secrets = [attachedAppSecret, OwnerSecret],
            RequireTLS = true,
            IamAuth = false,
            SecurityGroups =
            [
                new SecurityGroup(this, "ProxySecurityGroup", new SecurityGroupProps
                {
                    Vpc = props.Network.Vpc,
                    Description = "RDS Proxy: reachable from the Lambdas only",
                }),
            ],
        });
        Instance.Connections.AllowDefaultPortFrom(Proxy, "RDS Proxy");
        // A proxy has no "default port" of its own: it listens on the engine's.
        Proxy.Connections.AllowFrom(props.Network.AppSecurityGroup, Port.Tcp(PostgresPort), "API and worker Lambdas");
    }
}
