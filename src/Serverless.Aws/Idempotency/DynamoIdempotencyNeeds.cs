using Microsoft.Extensions.Options;
using Serverless.Aws.Permissions;

namespace Serverless.Aws.Idempotency;

/// <summary>The item calls <see cref="DynamoIdempotencyStore"/> makes on its table (provisioning only happens against an emulator).</summary>
public sealed class DynamoIdempotencyNeeds(IOptions<IdempotencyOptions> options) : IAwsNeeds
{
    private const string Component = "DynamoIdempotencyStore";

    public IEnumerable<AwsNeed> Needs(AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.ServiceUrl))
        {
            yield break;
        }
        yield return AwsNeed.Reach(Component, scope.Endpoint("dynamodb"));
        var table = scope.Arn("dynamodb", "table/" + settings.Table);
        foreach (var action in new[] { "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem" })
        {
            yield return AwsNeed.Call(Component, action, table);
        }
    }
}
