using OpenTelemetry.Trace;
using Serverless.Lambda.Runtime;

namespace Serverless.Aws.Telemetry;

/// <summary>
/// On Lambda the process is frozen once the response is posted, and a batch exporter's timer with it:
/// spans are sent at the end of each invocation instead (bounded, so a slow backend cannot hold it long).
/// </summary>
public sealed class TraceFlushListener(TracerProvider tracer) : IInvocationListener
{
    private const int FlushMilliseconds = 1000;

    public void OnInvocationStarting(LambdaInvocationContext context)
    {
    }

    public void OnInvocationCompleted(LambdaInvocationContext context, bool succeeded) => tracer.ForceFlush(FlushMilliseconds);
}
