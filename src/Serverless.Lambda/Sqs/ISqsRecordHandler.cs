using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Sqs;

/// <summary>Handles one message; throwing marks it failed so SQS delivers it again (at-least-once).</summary>
public interface ISqsRecordHandler
{
    Task HandleAsync(SqsMessage message, LambdaInvocationContext context, CancellationToken cancellationToken);
}
