using System.Diagnostics;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;

namespace Serverless.Lambda.Tracing;

/// <summary>
/// The adapter's spans: each invocation (continuing X-Ray's trace from <c>_X_AMZN_TRACE_ID</c>) and each
/// SQS batch (linking every trace its messages carry). Plain <see cref="ActivitySource"/>: the adapter has
/// no package references, and a host that does not trace pays one <c>HasListeners</c> check.
/// </summary>
public static class LambdaTracing
{
    public const string SourceName = "Serverless.Lambda";

    public static ActivitySource Source { get; } = new(SourceName);

    private static int _invocations;

    /// <summary>The invocation's span, child of the X-Ray trace Lambda started, or null when nobody listens.</summary>
    public static Activity? StartInvocation(LambdaInvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cold = Interlocked.Increment(ref _invocations) == 1;
        if (!Source.HasListeners())
        {
            return null;
        }
        var parent = FromXRay(context.TraceId) ?? default;
        var name = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME") is { Length: > 0 } function ? function : "lambda invocation";
        var span = Source.StartActivity(name, ActivityKind.Server, parent);
        span?.SetTag("faas.invocation_id", context.AwsRequestId);
        span?.SetTag("faas.coldstart", cold);
        if (context.InvokedFunctionArn is { } arn)
        {
            span?.SetTag("cloud.resource_id", arn);
        }
        return span;
    }

    /// <summary>A batch's span, linked to each trace its messages carry (a batch often holds several).</summary>
    public static Activity? StartBatch(SqsEvent batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!Source.HasListeners())
        {
            return null;
        }
        var links = batch.Records
            .Select(m => ActivityContext.TryParse(m.TraceParent, m.TraceState, isRemote: true, out var c) ? c : (ActivityContext?)null)
            .Where(c => c is not null)
            .Select(c => new ActivityLink(c!.Value))
            .ToList();
        var span = Source.StartActivity("sqs process", ActivityKind.Consumer, parentContext: default, links: links);
        span?.SetTag("messaging.system", "aws_sqs");
        span?.SetTag("messaging.operation.type", "process");
        span?.SetTag("messaging.batch.message_count", batch.Records.Count);
        return span;
    }

    /// <summary>
    /// X-Ray's header (<c>Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1</c>) as a
    /// W3C parent: the root's two parts make the 128-bit trace id. Null without a root and a parent.
    /// </summary>
    public static ActivityContext? FromXRay(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }
        string? root = null, parent = null;
        var sampled = false;
        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }
            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Root":
                    root = value;
                    break;
                case "Parent":
                    parent = value;
                    break;
                case "Sampled":
                    sampled = value == "1";
                    break;
            }
        }
        // Root=1-<8 hex epoch>-<24 hex random>
        if (root is not { Length: 35 } || !root.StartsWith("1-", StringComparison.Ordinal) || root[10] != '-'
            || parent is not { Length: 16 } || !IsHex(parent))
        {
            return null;
        }
        var traceId = string.Concat(root.AsSpan(2, 8), root.AsSpan(11, 24));
        if (!IsHex(traceId))
        {
            return null;
        }
        return new ActivityContext(
            ActivityTraceId.CreateFromString(traceId.ToLowerInvariant()),
            ActivitySpanId.CreateFromString(parent.ToLowerInvariant()),
            sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None,
            isRemote: true);
    }

    private static bool IsHex(string value) =>
        value.All(c => char.IsAsciiHexDigit(c)) && !value.All(c => c == '0');
}
