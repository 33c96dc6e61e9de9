using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// Idempotency records (DESIGN.md): key "id", TTL on "expiration". A global table, so a retried request
/// that lands in another region still finds its record.
/// </summary>
public sealed class IdempotencyTable : Construct
{
    public const string PartitionKey = "id";
    public const string TtlAttribute = "expiration";

    public TableV2 Table { get; }

    public IdempotencyTable(Construct scope, string id, PlatformConfig config, RemovalPolicy removalPolicy) : base(scope, id)
    {
        Table = new TableV2(this, "Table", new TablePropsV2
        {
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = PartitionKey, Type = AttributeType.STRING },
            Billing = Billing.OnDemand(),
            TimeToLiveAttribute = TtlAttribute,
            PointInTimeRecovery = true,
            DeletionProtection = config.IsProduction,
            // An AWS managed key: a customer key would need every replica region's key ARN at synth time.
            Encryption = TableEncryptionV2.AwsManagedKey(),
            Replicas = config.Secondaries.Select(r => new ReplicaTableProps { Region = r.Region }).ToArray(),
            RemovalPolicy = removalPolicy == RemovalPolicy.SNAPSHOT ? RemovalPolicy.RETAIN : removalPolicy,
        });
    }
}
