using Microsoft.Extensions.Logging;
using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Sqs;

/// <summary>
/// Runs a batch one message at a time and reports the failed ones. On a FIFO queue, once a message of a
/// group fails, the rest of that group is reported unprocessed (order within a group must hold) while
/// the other groups go on. On a standard queue a group (SQS fair queues: the tenant) promises no order,
/// so it holds nothing back.
/// </summary>
public sealed partial class SqsBatchProcessor(Func<SqsMessage, LambdaInvocationContext, CancellationToken, Task> handle, ILogger logger)
{
    public SqsBatchProcessor(ISqsRecordHandler handler, ILogger logger)
        : this((message, context, ct) => handler.HandleAsync(message, context, ct), logger)
    {
    }

    public async Task<SqsBatchResponse> ProcessAsync(SqsEvent batch, LambdaInvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var span = Tracing.LambdaTracing.StartBatch(batch);
        var failures = new List<SqsBatchItemFailure>();
        var failedGroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in batch.Records)
        {
            var group = message.IsFromFifoQueue ? message.MessageGroupId : null;
            if (group is not null && failedGroups.Contains(group))
            {
                failures.Add(new SqsBatchItemFailure(message.MessageId));
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                // Out of time: hand the rest back to the queue rather than lose them.
                failures.Add(new SqsBatchItemFailure(message.MessageId));
                continue;
            }

            try
            {
                await handle(message, context, cancellationToken);
            }
            catch (Exception exception)
            {
                LogFailed(logger, exception, message.MessageId, group);
                failures.Add(new SqsBatchItemFailure(message.MessageId));
                if (group is not null)
                {
                    failedGroups.Add(group);
                }
            }
        }

        span?.SetTag("serverless.batch.failed_count", failures.Count);
        if (batch.Records.Count > 0 && failures.Count == batch.Records.Count)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "all messages failed");
            throw new SqsBatchFailedException($"All {failures.Count} messages of the batch failed.");
        }

        return new SqsBatchResponse { BatchItemFailures = failures };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS message {MessageId} (group {Group}) failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string messageId, string? group);
}
