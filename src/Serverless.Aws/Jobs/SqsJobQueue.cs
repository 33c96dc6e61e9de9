using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Serverless.Core.Jobs;
using Serverless.Core.Telemetry;
using Serverless.Lambda.Sqs;

namespace Serverless.Aws.Jobs;

/// <summary>
/// Jobs on SQS: the envelope is the body (JSON); the job id doubles as the batch entry id. SQS takes at
/// most ten entries per batch, so the jobs go in tens. A batch in which any entry failed throws, so the
/// outbox keeps every job of the call and tries again. Every message carries its tenant as the
/// <c>MessageGroupId</c>: on a standard queue that makes it an SQS fair queue, which keeps one tenant's
/// backlog from delaying the others' messages.
/// </summary>
public sealed class SqsJobQueue(Lazy<IAmazonSQS> client, QueueDirectory queues) : IJobQueue
{
    /// <summary>The most entries SQS takes in one SendMessageBatch.</summary>
    public const int MaxBatch = 10;

    public async Task SendAsync(IReadOnlyList<JobEnvelope> jobs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        foreach (var group in jobs.GroupBy(j => j.Priority).SelectMany(g => g.Chunk(MaxBatch).Select(c => (g.Key, Jobs: c))))
        {
            SendMessageBatchResponse response;
            try
            {
                response = await SendBatchAsync(group.Key, group.Jobs, ct);
            }
            catch (Exception e) when (QueueDirectory.IsGone(e))
            {
                // The queue was deleted or the broker restarted empty: resolve it afresh (re-created where
                // provisioning is on) and send once more; the outbox retries anything still failing.
                queues.Forget(group.Key);
                response = await SendBatchAsync(group.Key, group.Jobs, ct);
            }
            if (response.Failed is { Count: > 0 } failed)
            {
                throw new AmazonSQSException($"SQS refused {failed.Count} job(s): {failed[0].Code} {failed[0].Message}");
            }
        }
    }

    private async Task<SendMessageBatchResponse> SendBatchAsync(JobPriority priority, JobEnvelope[] jobs, CancellationToken ct)
    {
        var address = await queues.ResolveAsync(priority, ct);
        return await client.Value.SendMessageBatchAsync(new SendMessageBatchRequest
        {
            QueueUrl = address.Url,
            Entries = jobs.Select(job => new SendMessageBatchRequestEntry
            {
                Id = job.JobId.ToString("N"),
                MessageBody = JsonSerializer.Serialize(job, JobJsonContext.Default.JobEnvelope),
                MessageGroupId = GroupOf(job),
                MessageAttributes = AttributesOf(job),
            }).ToList(),
        }, ct);
    }

    public async Task RequeueAsync(JobEnvelope job, TimeSpan delay, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var address = await queues.ResolveAsync(job.Priority, ct);
        await client.Value.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = address.Url,
            MessageBody = JsonSerializer.Serialize(job, JobJsonContext.Default.JobEnvelope),
            MessageGroupId = GroupOf(job),
            MessageAttributes = AttributesOf(job),
            // SQS allows at most 15 minutes.
            DelaySeconds = (int)Math.Clamp(Math.Ceiling(delay.TotalSeconds), 0, 900),
        }, ct);
    }

    private static string GroupOf(JobEnvelope job) => job.TenantId.ToString("N");

    /// <summary>
    /// The W3C trace context travels as the <c>traceparent</c>/<c>tracestate</c> attributes, as HTTP carries it in
    /// headers: the job's own (stored on the outbox row, or the relay's span), else the current span's (a job
    /// the worker requeues goes on in the trace of the delivery that requeued it).
    /// </summary>
    private static Dictionary<string, MessageAttributeValue> AttributesOf(JobEnvelope job)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["job-type"] = new() { DataType = "String", StringValue = job.Type },
            ["schema-version"] = new() { DataType = "Number", StringValue = job.SchemaVersion.ToString(CultureInfo.InvariantCulture) },
        };
        var (parent, state) = job.TraceParent is { Length: > 0 }
            ? (job.TraceParent, job.TraceState)
            : (PlatformTracing.CurrentTraceParent(), PlatformTracing.CurrentTraceState());
        if (!string.IsNullOrEmpty(parent))
        {
            attributes[SqsMessage.TraceParentAttribute] = new() { DataType = "String", StringValue = parent };
        }
        if (!string.IsNullOrEmpty(state))
        {
            attributes[SqsMessage.TraceStateAttribute] = new() { DataType = "String", StringValue = state };
        }
        return attributes;
    }

    public async Task DelayRedeliveryAsync(JobPriority priority, string receipt, TimeSpan delay, CancellationToken ct)
    {
        var address = await queues.ResolveAsync(priority, ct);
        await client.Value.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest
        {
            QueueUrl = address.Url,
            ReceiptHandle = receipt,
            // SQS allows at most 12 hours.
            VisibilityTimeout = (int)Math.Clamp(Math.Ceiling(delay.TotalSeconds), 0, 43_200),
        }, ct);
    }
}
