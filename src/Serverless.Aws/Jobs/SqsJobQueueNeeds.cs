using Microsoft.Extensions.Options;
using Serverless.Aws.Permissions;

namespace Serverless.Aws.Jobs;

/// <summary>
/// What <see cref="SqsJobQueue"/> and <see cref="QueueDirectory"/> call: resolving a queue reads its
/// redrive policy and looks up the dead-letter queue's URL; sending needs SendMessage (SendMessageBatch is
/// authorised as it) and, the queues being KMS-encrypted, data keys from the queue's key.
/// </summary>
public sealed class SqsJobQueueNeeds(IOptions<QueueOptions> options) : IAwsNeeds
{
    private const string Component = "SqsJobQueue";

    public IEnumerable<AwsNeed> Needs(AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.ServiceUrl))
        {
            yield break;
        }
        yield return AwsNeed.Reach(Component, scope.Endpoint("sqs"));
        foreach (var configured in new[] { settings.High, settings.Low })
        {
            var arn = ArnOf(configured, scope);
            if (!configured.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                yield return AwsNeed.Call(Component, "sqs:GetQueueUrl", arn);
            }
            yield return AwsNeed.Call(Component, "sqs:GetQueueAttributes", arn);
            yield return AwsNeed.Call(Component, "sqs:GetQueueUrl", "dead-letter-of:" + arn);
            yield return AwsNeed.Call(Component, "sqs:SendMessage", arn);
            yield return AwsNeed.Call(Component, "kms:GenerateDataKey", "key-of:" + arn);
            yield return AwsNeed.Call(Component, "kms:Decrypt", "key-of:" + arn);
        }
    }

    /// <summary>A queue URL is https://sqs.REGION.amazonaws.com/ACCOUNT/NAME; a bare name is in this region.</summary>
    public static string ArnOf(string configured, AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(scope);
        if (!Uri.TryCreate(configured, UriKind.Absolute, out var url))
        {
            return scope.Arn("sqs", configured);
        }
        var parts = url.AbsolutePath.Trim('/').Split('/');
        var region = url.Host.Split('.') is [_, var r, ..] ? r : scope.Region;
        return $"arn:{scope.Partition}:sqs:{region}:{parts[0]}:{parts[^1]}";
    }
}
