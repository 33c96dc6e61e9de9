using System.Collections.Concurrent;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;
using Serverless.Core.Jobs;

namespace Serverless.Aws.Jobs;

/// <summary>
/// Resolves each priority's queue and dead-letter queue (from the queue's redrive policy), creating both
/// when they are missing and provisioning is on.
/// Resolution is lazy and a failure is not cached: SQS being down at start-up must not stop the API
/// from serving, and the next attempt after it comes back must succeed.
/// </summary>
public sealed class QueueDirectory(Lazy<IAmazonSQS> client, IOptions<QueueOptions> options)
{
    private readonly ConcurrentDictionary<JobPriority, QueueAddress> _resolved = new();

    public async Task<QueueAddress> ResolveAsync(JobPriority priority, CancellationToken ct)
    {
        if (_resolved.TryGetValue(priority, out var known))
        {
            return known;
        }
        var settings = options.Value;
        var configured = priority == JobPriority.High ? settings.High : settings.Low;
        QueueAddress address;
        try
        {
            address = await LookUpAsync(configured, ct);
        }
        catch (QueueDoesNotExistException) when (settings.Provision)
        {
            address = await ProvisionAsync(NameOf(configured), settings, ct);
        }
        return _resolved.GetOrAdd(priority, address);
    }

    /// <summary>Forgets a resolved queue (it was deleted, or the broker restarted empty), so the next use resolves it afresh.</summary>
    public void Forget(JobPriority priority) => _resolved.TryRemove(priority, out _);

    /// <summary>True when SQS says the queue a request named does not exist (any more).</summary>
    public static bool IsGone(Exception e) =>
        e is QueueDoesNotExistException
        || (e is AmazonSQSException sqs && (sqs.ErrorCode?.Contains("NonExistentQueue", StringComparison.Ordinal) == true
            || sqs.ErrorCode?.Contains("QueueDoesNotExist", StringComparison.Ordinal) == true));

    private async Task<QueueAddress> ProvisionAsync(string name, QueueOptions settings, CancellationToken ct)
    {
        // Two processes may race here; CreateQueue with the same attributes returns the existing queue's URL.
        var dlq = await client.Value.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name + settings.DeadLetterSuffix,
            Attributes = new Dictionary<string, string> { ["MessageRetentionPeriod"] = "1209600" },
        }, ct);
        var dlqArn = await ArnOfAsync(dlq.QueueUrl, ct);
        var queue = await client.Value.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new Dictionary<string, string>
            {
                ["VisibilityTimeout"] = settings.VisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"{{settings.MaxReceiveCount}}"}""",
            },
        }, ct);
        return new QueueAddress(queue.QueueUrl, dlq.QueueUrl);
    }

    private async Task<QueueAddress> LookUpAsync(string configured, CancellationToken ct)
    {
        var url = configured.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            ? configured
            : (await client.Value.GetQueueUrlAsync(configured, ct)).QueueUrl;
        var attributes = await client.Value.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url,
            AttributeNames = ["RedrivePolicy"],
        }, ct);
        var policy = attributes.Attributes is { } a && a.TryGetValue("RedrivePolicy", out var p) ? p : null;
        var dlqArn = policy is null ? null : System.Text.Json.JsonDocument.Parse(policy).RootElement.GetProperty("deadLetterTargetArn").GetString();
        var dlqUrl = dlqArn is null ? url : (await client.Value.GetQueueUrlAsync(dlqArn[(dlqArn.LastIndexOf(':') + 1)..], ct)).QueueUrl;
        return new QueueAddress(url, dlqUrl);
    }

    private async Task<string> ArnOfAsync(string url, CancellationToken ct)
    {
        var attributes = await client.Value.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["QueueArn"] }, ct);
        return attributes.Attributes["QueueArn"];
    }

    private static string NameOf(string configured) =>
        configured.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? configured[(configured.LastIndexOf('/') + 1)..] : configured;
}
