using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Serverless.Core.Jobs;
using Serverless.Core.Telemetry;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;

namespace Serverless.Worker.Telemetry;

/// <summary>
/// Around the job handler, per message: a span that continues the trace the message carries (its
/// <c>traceparent</c> attribute: the request that asked for the job), linked to the batch it came in;
/// a log scope with tenant, job and trace ids; and one log line per job with its outcome, success included.
/// </summary>
public sealed partial class TracedRecordHandler(ISqsRecordHandler inner, ILogger<TracedRecordHandler> logger) : ISqsRecordHandler
{
    public async Task HandleAsync(SqsMessage message, LambdaInvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var job = Peek(message);
        var type = job?.Type ?? "unknown";
        var batch = Activity.Current;
        var parent = PlatformTracing.Parse(message.TraceParent, message.TraceState);
        using var span = PlatformTracing.Source.StartActivity(
            $"job {type}", ActivityKind.Consumer, parent ?? default,
            links: parent is not null && batch is not null ? [new ActivityLink(batch.Context)] : null);
        span?.SetTag("messaging.system", "aws_sqs");
        span?.SetTag("messaging.operation.type", "process");
        span?.SetTag("messaging.message.id", message.MessageId);
        span?.SetTag("serverless.job.type", type);
        span?.SetTag("serverless.job.id", job?.JobId.ToString());
        span?.SetTag("serverless.job.attempt", message.ApproximateReceiveCount);

        var traceId = span?.TraceId.ToHexString() ?? parent?.TraceId.ToHexString();
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["TenantId"] = job?.TenantId,
            ["JobId"] = job?.JobId,
            ["JobType"] = type,
            ["MessageId"] = message.MessageId,
            ["TraceId"] = traceId,
        });
        var outcome = JobOutcome.Begin();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await inner.HandleAsync(message, context, cancellationToken);
            span?.SetTag("serverless.job.outcome", outcome.Outcome ?? "succeeded");
            LogFinished(logger, job?.JobId, type, outcome.Outcome ?? "succeeded", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e)
        {
            var result = outcome.Outcome ?? (cancellationToken.IsCancellationRequested ? "cancelled" : "failed");
            span?.SetTag("serverless.job.outcome", result);
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            span?.AddException(e);
            if (result is "failed")
            {
                LogFailed(logger, e, job?.JobId, type, result, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else
            {
                LogNotDone(logger, e, job?.JobId, type, result, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            throw;
        }
    }

    /// <summary>The envelope, for naming the span and the log scope; an unreadable one is the handler's to report.</summary>
    private static JobEnvelope? Peek(SqsMessage message)
    {
        try
        {
            return JsonSerializer.Deserialize(message.Body ?? "null", JobJsonContext.Default.JobEnvelope);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({JobType}) {Outcome} in {ElapsedMs:F0} ms")]
    private static partial void LogFinished(ILogger logger, Guid? jobId, string jobType, string outcome, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ({JobType}) {Outcome} in {ElapsedMs:F0} ms")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid? jobId, string jobType, string outcome, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}) {Outcome} in {ElapsedMs:F0} ms")]
    private static partial void LogNotDone(ILogger logger, Exception exception, Guid? jobId, string jobType, string outcome, double elapsedMs);
}
