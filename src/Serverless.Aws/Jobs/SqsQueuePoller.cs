using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Core.Jobs;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;

namespace Serverless.Aws.Jobs;

/// <summary>
/// The local stand-in for Lambda's event source mapping on one queue: long-poll a batch, run it through
/// the Lambda adapter's batch processor (one DI scope per message), delete what succeeded and leave the
/// failures to reappear. At most <c>concurrency</c> batches run at once, one slot per batch, as the
/// mapping's maximum concurrency does.
/// </summary>
public sealed partial class SqsQueuePoller(
    JobPriority priority,
    int concurrency,
    int batchSize,
    int waitSeconds,
    TimeSpan inProgress,
    IAmazonSQS sqs,
    QueueDirectory queues,
    IServiceScopeFactory scopes,
    ILogger logger)
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var url = await ResolveAsync(stoppingToken);
        if (url is null)
        {
            return;
        }
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                List<Message> messages;
                try
                {
                    messages = await ReceiveAsync(url, stoppingToken);
                }
                catch (Exception e)
                {
                    slots.Release();
                    if (stoppingToken.IsCancellationRequested)
                    {
                        break;
                    }
                    LogReceiveFailed(logger, priority, e.GetType().Name, e.Message);
                    if (QueueDirectory.IsGone(e))
                    {
                        // The queue was deleted or the broker restarted empty: find (or re-create) it, no restart.
                        queues.Forget(priority);
                        url = await ResolveAsync(stoppingToken) ?? url;
                        continue;
                    }
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                    continue;
                }
                if (stoppingToken.IsCancellationRequested)
                {
                    slots.Release();
                    break;
                }
                if (messages.Count == 0)
                {
                    slots.Release();
                    continue;
                }
                running.RemoveAll(t => t.IsCompleted);
                running.Add(ProcessAsync(url, messages, slots, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(running);
    }

    private async Task ProcessAsync(string url, List<Message> messages, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var batch = new SqsEvent { Records = messages.Select(m => SqsMessageMapper.ToLambda(m, sqs.Config.RegionEndpoint?.SystemName)).ToList() };
            var context = new LambdaInvocationContext($"local-{Guid.NewGuid():N}", DateTimeOffset.UtcNow + inProgress, null, null);
            var processor = new SqsBatchProcessor(HandleInScopeAsync, logger);
            SqsBatchResponse response;
            try
            {
                response = await processor.ProcessAsync(batch, context, stoppingToken);
            }
            catch (SqsBatchFailedException)
            {
                // Every message failed: none is deleted, all return to the queue.
                return;
            }
            var failed = response.BatchItemFailures.Select(f => f.ItemIdentifier).ToHashSet(StringComparer.Ordinal);
            var done = messages.Where(m => !failed.Contains(m.MessageId)).ToList();
            if (done.Count > 0)
            {
                await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
                {
                    QueueUrl = url,
                    Entries = done.Select((m, i) => new DeleteMessageBatchRequestEntry($"m{i}", m.ReceiptHandle)).ToList(),
                }, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogBatchFailed(logger, e, priority);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            slots.Release();
        }
    }

    // Never abandon a long poll: a receive cancelled on the client still waits at the server (SQS and the
    // emulator alike), and the next message is handed to the closed connection: one of its receives
    // (maxReceiveCount) is spent on nobody and it stays hidden for its visibility timeout. So a stop waits
    // for the poll to end (at most waitSeconds) and hands back at once whatever it brought.
    private async Task<List<Message>> ReceiveAsync(string url, CancellationToken stoppingToken)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(waitSeconds + 10));
        var messages = (await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url,
            MaxNumberOfMessages = batchSize,
            WaitTimeSeconds = waitSeconds,
            MessageSystemAttributeNames = ["All"],
            MessageAttributeNames = ["All"],
        }, bound.Token)).Messages ?? [];
        if (messages.Count > 0 && stoppingToken.IsCancellationRequested)
        {
            await HandBackAsync(url, messages);
            return [];
        }
        return messages;
    }

    private async Task HandBackAsync(string url, List<Message> messages)
    {
        try
        {
            await sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = url,
                Entries = messages.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry($"m{i}", m.ReceiptHandle) { VisibilityTimeout = 0 }).ToList(),
            }, CancellationToken.None);
        }
        catch (Exception e)
        {
            // They reappear after their visibility timeout instead; nothing is lost.
            LogReceiveFailed(logger, priority, e.GetType().Name, e.Message);
        }
    }

    private async Task HandleInScopeAsync(SqsMessage message, LambdaInvocationContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISqsRecordHandler>().HandleAsync(message, context, ct);
    }

    private async Task<string?> ResolveAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                return (await queues.ResolveAsync(priority, stoppingToken)).Url;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // SQS not reachable yet: keep trying, the worker is useless without its queue.
                LogReceiveFailed(logger, priority, e.GetType().Name, e.Message);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot receive from the {Priority} queue: {ErrorType}: {ErrorMessage}")]
    private static partial void LogReceiveFailed(ILogger logger, JobPriority priority, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Priority} batch failed outside its messages")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, JobPriority priority);
}
