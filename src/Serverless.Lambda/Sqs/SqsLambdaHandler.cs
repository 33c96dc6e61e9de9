using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Sqs;

/// <summary>An SQS event in, a partial batch response out; each message gets its own DI scope.</summary>
public sealed class SqsLambdaHandler(IServiceScopeFactory scopes, ILogger<SqsLambdaHandler> logger) : ILambdaHandler
{
    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var batch = JsonSerializer.Deserialize(invocation.Payload.Span, SqsJsonContext.Default.SqsEvent)
            ?? throw new JsonException("The SQS event is null.");
        var processor = new SqsBatchProcessor(HandleInScopeAsync, logger);
        var response = await processor.ProcessAsync(batch, invocation.Context, cancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(response, SqsJsonContext.Default.SqsBatchResponse);
    }

    private async Task HandleInScopeAsync(SqsMessage message, LambdaInvocationContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<ISqsRecordHandler>();
        await handler.HandleAsync(message, context, cancellationToken);
    }
}
