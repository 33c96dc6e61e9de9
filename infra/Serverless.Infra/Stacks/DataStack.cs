using Amazon.CDK;
using Constructs;
using Serverless.Infra.Constructs;

namespace Serverless.Infra.Stacks;

/// <summary>
/// A region's state: in the primary the writable database, its proxy, the project that migrates it and
/// the idempotency global table; elsewhere a read replica. Every region gets its own cache.
/// </summary>
public sealed class DataStack : Stack
{
    public PrimaryDatabase? Primary { get; }
    public ReplicaDatabase? Replica { get; }
    public IdempotencyTable? Idempotency { get; }
    public Migrations? Migrations { get; }
    public Cache Cache { get; }

    /// <summary>Created in the primary only; elsewhere the replica of it, looked up by name.</summary>
    public OriginVerifySecret? OriginVerify { get; }

    public DataStack(Construct scope, string id, DataStackProps props) : base(scope, id, props)
    {
        var config = props.Config;
        var foundation = props.Foundation;
        // Production keeps its data when a stack or resource is deleted; staging cleans up after itself.
        var removal = config.IsProduction ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY;

        if (props.ReplicaSource is null)
        {
            Primary = new PrimaryDatabase(this, "Database", new PrimaryDatabaseProps
            {
                Config = config,
                Network = foundation.Network,
                Key = foundation.Key,
                RemovalPolicy = removal,
            });
            Idempotency = new IdempotencyTable(this, "Idempotency", config, removal);
            OriginVerify = new OriginVerifySecret(this, "OriginVerify", config);
            new CfnOutput(this, "AppSecretArn", new CfnOutputProps { Value = Primary.AppSecret.SecretArn });
            Migrations = new Migrations(this, "Migrations", new MigrationsProps
            {
                Config = config,
                Network = foundation.Network,
                Database = Primary,
                CliArtifact = config.Database.MigrationsArtifact,
            });
        }
        else
        {
            Replica = new ReplicaDatabase(this, "Database", new ReplicaDatabaseProps
            {
                Config = config,
                Network = foundation.Network,
                Key = foundation.Key,
                Source = props.ReplicaSource,
                RemovalPolicy = removal,
            });
        }

        Cache = new Cache(this, "Cache", new CacheProps
        {
            Config = config,
            Network = foundation.Network,
            Key = foundation.Key,
            RemovalPolicy = removal,
        });
    }
}
