using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Serverless.Core.Idempotency;

namespace Serverless.Aws.Idempotency;

/// <summary>
/// Idempotency records in DynamoDB, as DESIGN.md specifies: a conditional put claims a key when it is
/// new, expired, or held by an attempt whose in-progress window has passed (a worker that died);
/// otherwise the existing record decides: replay a completed result, report one in progress, or reject
/// a different payload under the same key.
/// </summary>
public sealed class DynamoIdempotencyStore(IAmazonDynamoDB dynamo, IOptions<IdempotencyOptions> options, TimeProvider time) : IIdempotencyStore
{
    private const string InProgress = "INPROGRESS";
    private const string Completed = "COMPLETED";

    private readonly SemaphoreSlim _provisioned = new(1, 1);
    private bool _ready;

    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, TimeSpan inProgressFor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnsureTableAsync(ct);
        var now = time.GetUtcNow();
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = options.Value.Table,
                Item = new Dictionary<string, AttributeValue>
                {
                    ["id"] = new() { S = key.Id },
                    ["status"] = new() { S = InProgress },
                    ["expiration"] = Number(now.Add(Retention).ToUnixTimeSeconds()),
                    ["in_progress_expiration"] = Number(now.Add(inProgressFor).ToUnixTimeMilliseconds()),
                    ["payload_hash"] = new() { S = key.PayloadHash },
                },
                ConditionExpression = "attribute_not_exists(id) OR expiration < :now OR (#status = :inprogress AND in_progress_expiration < :nowMs)",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":now"] = Number(now.ToUnixTimeSeconds()),
                    [":nowMs"] = Number(now.ToUnixTimeMilliseconds()),
                    [":inprogress"] = new() { S = InProgress },
                },
            }, ct);
            return IdempotencyClaim.Claimed;
        }
        catch (ConditionalCheckFailedException)
        {
            return await ExistingAsync(key, ct);
        }
    }

    public async Task<bool> ExtendAsync(IdempotencyKey key, TimeSpan inProgressFor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = options.Value.Table,
                Key = new Dictionary<string, AttributeValue> { ["id"] = new() { S = key.Id } },
                UpdateExpression = "SET in_progress_expiration = :until",
                ConditionExpression = "#status = :inprogress AND payload_hash = :hash",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":until"] = Number(time.GetUtcNow().Add(inProgressFor).ToUnixTimeMilliseconds()),
                    [":inprogress"] = new() { S = InProgress },
                    [":hash"] = new() { S = key.PayloadHash },
                },
            }, ct);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task CompleteAsync(IdempotencyKey key, string resultJson, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = options.Value.Table,
            Item = new Dictionary<string, AttributeValue>
            {
                ["id"] = new() { S = key.Id },
                ["status"] = new() { S = Completed },
                ["expiration"] = Number(time.GetUtcNow().Add(Retention).ToUnixTimeSeconds()),
                ["payload_hash"] = new() { S = key.PayloadHash },
                ["result"] = new() { S = resultJson },
            },
        }, ct);
    }

    public async Task ReleaseAsync(IdempotencyKey key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = options.Value.Table,
                Key = new Dictionary<string, AttributeValue> { ["id"] = new() { S = key.Id } },
                // Never delete a result another attempt completed meanwhile.
                ConditionExpression = "#status = :inprogress",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":inprogress"] = new() { S = InProgress } },
            }, ct);
        }
        catch (ConditionalCheckFailedException)
        {
        }
    }

    private TimeSpan Retention => TimeSpan.FromHours(options.Value.CompletedHours);

    private async Task<IdempotencyClaim> ExistingAsync(IdempotencyKey key, CancellationToken ct)
    {
        var item = (await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = options.Value.Table,
            Key = new Dictionary<string, AttributeValue> { ["id"] = new() { S = key.Id } },
            ConsistentRead = true,
        }, ct)).Item;
        if (item is null || item.Count == 0)
        {
            // Released or expired between our put and our read: the caller's next delivery will claim it.
            return IdempotencyClaim.InProgress;
        }
        if (item.TryGetValue("payload_hash", out var hash) && hash.S != key.PayloadHash)
        {
            return IdempotencyClaim.PayloadMismatch;
        }
        return item.TryGetValue("status", out var status) && status.S == Completed
            ? new IdempotencyClaim(ClaimOutcome.AlreadyCompleted, item.TryGetValue("result", out var r) ? r.S : null)
            : IdempotencyClaim.InProgress;
    }

    private async Task EnsureTableAsync(CancellationToken ct)
    {
        if (_ready || !options.Value.Provision)
        {
            return;
        }
        await _provisioned.WaitAsync(ct);
        try
        {
            if (_ready)
            {
                return;
            }
            try
            {
                // dynalite has no UpdateTimeToLive; on AWS the stack enables TTL on "expiration", and the
                // claim condition treats an expired record as absent either way.
                await dynamo.CreateTableAsync(new CreateTableRequest
                {
                    TableName = options.Value.Table,
                    AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
                    KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
                    ProvisionedThroughput = new ProvisionedThroughput(100, 100),
                }, ct);
            }
            catch (ResourceInUseException)
            {
            }
            // A new table takes writes only once it is ACTIVE.
            while ((await dynamo.DescribeTableAsync(options.Value.Table, ct)).Table.TableStatus != TableStatus.ACTIVE)
            {
                await Task.Delay(50, ct);
            }
            _ready = true;
        }
        finally
        {
            _provisioned.Release();
        }
    }

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
