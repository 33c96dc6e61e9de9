namespace Serverless.Lambda.Runtime;

/// <summary>Turns one event into one response payload; throwing reports the invocation as failed.</summary>
public interface ILambdaHandler
{
    Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken);
}
