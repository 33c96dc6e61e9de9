using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Jobs;
using Serverless.Worker.Llm;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;

namespace Serverless.Worker.Lambda;

/// <summary>
/// The worker function's entry on Lambda. SQS batches go to the adapter's SQS handler; a scheduled
/// EventBridge event runs the outbox relay (and the budget sweeper) instead, because nothing else runs between invocations on
/// Lambda and a job whose publish failed at request time must still reach its queue.
/// </summary>
public sealed class WorkerLambdaHandler(
    IServiceScopeFactory scopes, OutboxRelay relay, IOptions<OutboxOptions> outbox, BudgetSweeper budgets, BudgetWebhookDispatcher webhooks, ILoggerFactory loggers) : ILambdaHandler
{
    private readonly SqsLambdaHandler _sqs = new(scopes, loggers.CreateLogger<SqsLambdaHandler>());

    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (!IsScheduledEvent(invocation.Payload.Span))
        {
            return await _sqs.HandleAsync(invocation, cancellationToken);
        }
        var published = await relay.DrainAsync(outbox.Value, () => invocation.Context.RemainingTime > TimeSpan.FromSeconds(5), cancellationToken);
        // Budget holds of jobs that died mid-call go back on the same schedule.
        var released = await budgets.SweepOnceAsync(cancellationToken);
        // Budget warnings for tenants' webhooks too (nothing runs between invocations).
        var webhooksSent = await webhooks.DeliverDueAsync(cancellationToken);
        return Encoding.UTF8.GetBytes($$"""{"published":{{published}},"releasedHolds":{{released}},"webhookAttempts":{{webhooksSent}}}""");
    }

    private static bool IsScheduledEvent(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("source", out var source)
                && source.ValueKind == JsonValueKind.String
                && source.GetString() == "aws.events";
        }
        catch (JsonException)
        {
            // Not ours to judge: the SQS handler reports malformed events.
            return false;
        }
    }
}
