using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Serverless.Core.Jobs;

namespace Serverless.Aws.Jobs;

/// <summary>
/// The operator's dead-letter tools: look, move back to the source queue, or purge. Moving sends a copy
/// first and deletes the dead letter only after SQS accepted it, so a failure midway duplicates at worst
/// (handlers are idempotent) and never loses a message.
/// </summary>
public sealed class DeadLetterRedrive(Lazy<IAmazonSQS> client, QueueDirectory queues)
{
    public async Task<DeadLetterSummary> InspectAsync(JobPriority priority, int sampleSize, CancellationToken ct)
    {
        var address = await queues.ResolveAsync(priority, ct);
        var count = await CountAsync(address.DeadLetterUrl, ct);
        var sample = new List<DeadLetterMessage>();
        if (sampleSize > 0 && count > 0)
        {
            var received = await ReceiveAsync(address.DeadLetterUrl, Math.Min(sampleSize, 10), visibilitySeconds: 1, ct);
            foreach (var message in received)
            {
                sample.Add(new DeadLetterMessage(
                    message.MessageId,
                    message.Attributes is { } a && a.TryGetValue("ApproximateReceiveCount", out var rc) ? int.Parse(rc, CultureInfo.InvariantCulture) : 0,
                    message.Body));
                // Put it straight back: looking must not hide messages from the next command.
                await client.Value.ChangeMessageVisibilityAsync(address.DeadLetterUrl, message.ReceiptHandle, 0, ct);
            }
        }
        return new DeadLetterSummary(address.DeadLetterUrl, count, sample);
    }

    /// <summary>Moves up to <paramref name="max"/> messages back; <paramref name="progress"/> gets the running total.</summary>
    public async Task<int> RedriveAsync(JobPriority priority, int max, Action<int, int>? progress, CancellationToken ct)
    {
        var address = await queues.ResolveAsync(priority, ct);
        var total = Math.Min(max, await CountAsync(address.DeadLetterUrl, ct));
        var moved = 0;
        var emptyReceives = 0;
        progress?.Invoke(0, total);
        while (moved < max && emptyReceives < 2)
        {
            var batch = await ReceiveAsync(address.DeadLetterUrl, Math.Min(10, max - moved), visibilitySeconds: 30, ct);
            if (batch.Count == 0)
            {
                emptyReceives++;
                continue;
            }
            var sent = await client.Value.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = address.Url,
                Entries = batch.Select((m, i) => new SendMessageBatchRequestEntry
                {
                    Id = i.ToString(CultureInfo.InvariantCulture),
                    MessageBody = m.Body,
                    MessageAttributes = m.MessageAttributes,
                }).ToList(),
            }, ct);
            var ok = (sent.Successful ?? []).Select(s => batch[int.Parse(s.Id, CultureInfo.InvariantCulture)]).ToList();
            if (ok.Count > 0)
            {
                await client.Value.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
                {
                    QueueUrl = address.DeadLetterUrl,
                    Entries = ok.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList(),
                }, ct);
            }
            moved += ok.Count;
            total = Math.Max(total, moved);
            progress?.Invoke(moved, total);
            if (sent.Failed is { Count: > 0 } failed)
            {
                throw new AmazonSQSException($"SQS refused {failed.Count} message(s) while redriving: {failed[0].Message}");
            }
        }
        return moved;
    }

    /// <summary>Deletes every message in the dead-letter queue; returns how many there were.</summary>
    public async Task<int> PurgeAsync(JobPriority priority, CancellationToken ct)
    {
        var address = await queues.ResolveAsync(priority, ct);
        var count = await CountAsync(address.DeadLetterUrl, ct);
        await client.Value.PurgeQueueAsync(address.DeadLetterUrl, ct);
        return count;
    }

    private async Task<int> CountAsync(string url, CancellationToken ct)
    {
        var attributes = await client.Value.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url,
            AttributeNames = ["ApproximateNumberOfMessages"],
        }, ct);
        return attributes.ApproximateNumberOfMessages;
    }

    private async Task<List<Message>> ReceiveAsync(string url, int max, int visibilitySeconds, CancellationToken ct)
    {
        var response = await client.Value.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url,
            MaxNumberOfMessages = max,
            WaitTimeSeconds = 1,
            VisibilityTimeout = visibilitySeconds,
            MessageSystemAttributeNames = ["All"],
            MessageAttributeNames = ["All"],
        }, ct);
        return response.Messages ?? [];
    }
}
