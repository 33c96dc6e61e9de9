using System.Collections.Concurrent;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;

namespace Serverless.Lambda.Tests.Sqs;

/// <summary>Fails every message whose body asks it to, and remembers what it was given.</summary>
public sealed class RecordingRecordHandler(ConcurrentQueue<string> handled) : ISqsRecordHandler
{
    public Task HandleAsync(SqsMessage message, LambdaInvocationContext context, CancellationToken cancellationToken)
    {
        handled.Enqueue(message.MessageId);
        return message.Body?.Contains("fail", StringComparison.Ordinal) == true
            ? throw new InvalidOperationException($"job {message.MessageId} failed")
            : Task.CompletedTask;
    }
}
