using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;

namespace Serverless.Lambda.SampleApi;

/// <summary>Fails the messages whose body asks it to, as the events/ samples expect.</summary>
public sealed class SampleRecordHandler : ISqsRecordHandler
{
    public Task HandleAsync(SqsMessage message, LambdaInvocationContext context, CancellationToken cancellationToken) =>
        message.Body?.Contains("fail", StringComparison.Ordinal) == true
            ? throw new InvalidOperationException($"job {message.MessageId} failed")
            : Task.CompletedTask;
}
